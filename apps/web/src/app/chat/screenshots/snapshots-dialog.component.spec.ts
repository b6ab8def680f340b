import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';

import { FakeCanvas } from '../../../testing/fake-canvas';
import { Snapshot } from '../../core/api/api.types';
import { SnapshotsDialogComponent, SnapshotsDialogData } from './snapshots-dialog.component';

const shot = (id: string, name: string): Snapshot => ({
  id,
  fileId: `f-${id}`,
  thumbId: `t-${id}`,
  name,
  mime: 'image/png',
  size: 1000,
  width: 1280,
  height: 800,
  createdAt: '2026-12-02T09:15:00.000Z',
});

describe(SnapshotsDialogComponent.name, () => {
  let http: HttpTestingController;
  let canvas: FakeCanvas; // for URL.createObjectURL, which jsdom lacks
  let sent: File[];

  beforeEach(() => {
    canvas = new FakeCanvas().install();
    sent = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
    canvas.restore();
  });

  const settled = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  };
  const root = (): HTMLElement => document.querySelector('chat-snapshots-dialog')!;
  const button = (label: string): HTMLButtonElement =>
    root().querySelector(`button[aria-label="${label}"]`) as HTMLButtonElement;

  async function open(items: Snapshot[]): Promise<void> {
    const data: SnapshotsDialogData = { send: (file) => sent.push(file) };
    TestBed.inject(MatDialog).open(SnapshotsDialogComponent, { data });
    await settled();
    http.expectOne((r) => r.url === '/api/snapshots' && r.method === 'GET').flush({ items });
    await settled();
    for (const s of items) http.expectOne(`/api/files/t-${s.id}`).flush(new Blob(['thumb']));
    await settled();
  }

  it('shows the shots as thumbnails, in the order the server gives them', async () => {
    await open([shot('b', 'screen-20261202-091600.png'), shot('a', 'window-20261202-091500.png')]);
    const images = [...root().querySelectorAll('li img')] as HTMLImageElement[];
    expect(images.map((i) => i.alt)).toEqual(['screen-20261202-091600.png', 'window-20261202-091500.png']);
    expect(images.every((i) => i.src.startsWith('blob:fake-'))).toBe(true);
    expect(root().textContent).toContain('1280×800');
  });

  it('says how to take one when the folder is empty', async () => {
    await open([]);
    expect(root().textContent).toContain('No snapshots yet');
  });

  it('Delete removes the shot on the server, then from the grid', async () => {
    await open([shot('a', 'window-a.png'), shot('b', 'window-b.png')]);
    button('Delete window-a.png').click();
    http.expectOne({ method: 'DELETE', url: '/api/snapshots/a' }).flush(null);
    await settled();
    expect([...root().querySelectorAll('li img')].map((i) => (i as HTMLImageElement).alt)).toEqual([
      'window-b.png',
    ]);
  });

  it('a failed delete keeps the shot and says why', async () => {
    await open([shot('a', 'window-a.png')]);
    button('Delete window-a.png').click();
    http
      .expectOne({ method: 'DELETE', url: '/api/snapshots/a' })
      .flush(
        { statusCode: 404, code: 'NOT_FOUND', message: 'no such snapshot' },
        { status: 404, statusText: 'Not Found' },
      );
    await settled();
    expect(root().querySelector('[role=alert]')?.textContent).toContain('Not deleted');
    expect(root().querySelectorAll('li')).toHaveLength(1);
  });

  it('Send hands the full picture (not the thumbnail) to the conversation as a PNG file', async () => {
    await open([shot('a', 'window-a.png')]);
    button('Send window-a.png').click();
    http.expectOne('/api/files/f-a').flush(new Blob(['full picture']));
    await settled();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ name: 'window-a.png', type: 'image/png', size: 12 });
  });

  it('a list that cannot be loaded says so', async () => {
    TestBed.inject(MatDialog).open(SnapshotsDialogComponent, { data: { send: () => undefined } });
    await settled();
    http
      .expectOne('/api/snapshots?limit=200')
      .flush(
        { statusCode: 503, code: 'UNAVAILABLE', message: 'store down' },
        { status: 503, statusText: 'x' },
      );
    await settled();
    expect(root().querySelector('[role=alert]')?.textContent).toContain('could not be loaded');
  });
});
