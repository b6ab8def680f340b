import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';

import { FakeMediaBrowser } from '../../../testing/fake-media';
import { MEDIA_BROWSER } from '../../chat/media/media-devices';
import { FingerKeypoint, INDEX_FINGER_TIP } from './finger-steering';
import { DetectedHand, HandModel } from './hand-detector';
import { HandSnakeDialogComponent } from './hand-snake-dialog.component';
import { HAND_MODEL_LOADER } from './hand-tracker';

/** Something to open the dialog from, and to hang the harness loaders on. */
@Component({ selector: 'chat-test-host', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class HostComponent {}

/** Stands in for MediaPipe Hands (no model runs in a unit spec): it sees `hands`, whatever the frame. */
class FakeModel implements HandModel {
  public hands: DetectedHand[] = [];
  public calls = 0;
  public disposed = false;
  public async estimateHands(): Promise<DetectedHand[]> {
    this.calls++;
    return this.hands;
  }
  public dispose(): void {
    this.disposed = true;
  }
}

function hand(x: number, y: number): DetectedHand {
  const keypoints: FingerKeypoint[] = Array.from({ length: 21 }, () => ({ x: 320, y: 240 }));
  keypoints[8] = { x, y, name: INDEX_FINGER_TIP };
  return { keypoints };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(condition()).toBe(true);
}

describe(HandSnakeDialogComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;
  let media: FakeMediaBrowser;
  let model: FakeModel;

  beforeEach(() => {
    media = new FakeMediaBrowser();
    model = new FakeModel();
    TestBed.configureTestingModule({
      providers: [
        { provide: MEDIA_BROWSER, useValue: media },
        { provide: HAND_MODEL_LOADER, useValue: () => Promise.resolve(model) },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    fixture = TestBed.createComponent(HostComponent);
  });

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  async function open(frames = true) {
    TestBed.inject(MatDialog).open(HandSnakeDialogComponent);
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
    const host = document.querySelector('chat-hand-snake-dialog') as HTMLElement;
    const video = host.querySelector('video') as HTMLVideoElement;
    if (frames) {
      // jsdom plays no video: this one says it has 640×480 frames, as a camera's would.
      Object.defineProperties(video, {
        readyState: { value: 4 },
        videoWidth: { value: 640 },
        videoHeight: { value: 480 },
      });
    }
    const text = (selector: string) => {
      fixture.detectChanges();
      return host.querySelector(selector)?.textContent?.trim() ?? '';
    };
    const board = () => host.querySelector('chat-snake-board canvas') as HTMLCanvasElement;
    const key = (k: string) =>
      document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    return { dialog, host, video, text, board, key };
  }

  it('opens the mirrored camera, says Loading until the model has seen a frame, then asks for a hand', async () => {
    const { dialog, video, text } = await open();
    expect(await dialog.getTitleText()).toBe('Hand snake');
    expect(media.streams).toHaveLength(1);
    expect(video.srcObject).toBe(media.streams[0]);
    expect(text('[role=status]')).toBe('Loading hand model…');
    await until(() => model.calls > 0 && text('[role=status]') === 'Show your hand to the camera');
    expect(text('.score')).toBe('Press Enter or show your hand to start');
  });

  it('starts the game when a hand comes into view, and the fingertip steers it', async () => {
    model.hands = [hand(320, 20)]; // the fingertip high above the centre: up
    const { text, board, host } = await open();
    await until(() => text('[role=status]') === 'Hand detected');
    await until(() => text('.score') === 'Score 0');
    await until(() => board().dataset['direction'] === 'up');
    expect(host.querySelector('canvas.overlay')?.getAttribute('data-keypoints')).toBe('21');
  });

  it('plays by the keyboard without a camera: Enter starts, WASD steer, and the denial is told', async () => {
    media.refuse = 'NotAllowedError';
    const { text, board, key } = await open(false);
    await until(
      () => text('[role=alert] span') === 'Camera access was denied: allow the camera to play Hand snake',
    );
    expect(text('.score')).toBe('Press Enter or show your hand to start');
    key('Enter');
    await until(() => text('.score') === 'Score 0');
    key('s');
    await until(() => board().dataset['direction'] === 'down');
    key('a');
    await until(() => board().dataset['direction'] === 'left');
    expect(model.disposed).toBe(true);
  });

  it('Close stops the camera and the model', async () => {
    const { dialog } = await open();
    await until(() => model.calls > 0);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Close' }))).click();
    await until(() => document.querySelector('chat-hand-snake-dialog') === null);
    expect(media.streams[0].live).toBe(false);
    await until(() => model.disposed);
    const calls = model.calls;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(model.calls).toBe(calls);
  });
});
