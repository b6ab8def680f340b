import { MediaBrowser } from '../app/chat/media/media-devices';

// Fakes of what jsdom does not have at all: getUserMedia, MediaStream, MediaRecorder and Web
// Audio. They are mocks by necessity (no microphone or camera runs in a unit spec); the real
// devices are exercised by the browser e2e tests with Chromium's fake devices.

export class FakeTrack extends EventTarget {
  public readyState: MediaStreamTrackState = 'live';
  constructor(public readonly kind: 'audio' | 'video') {
    super();
  }

  public stop(): void {
    this.readyState = 'ended';
  }

  /** The device goes away (unplugged, or taken by the system): the track ends by itself. */
  public lose(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export class FakeStream {
  public readonly tracks: FakeTrack[];
  constructor(public readonly constraints: MediaStreamConstraints) {
    this.tracks = [
      ...(constraints.audio ? [new FakeTrack('audio')] : []),
      ...(constraints.video ? [new FakeTrack('video')] : []),
    ];
  }

  /** Whether any track still runs: the browser's recording indicator is on while one does. */
  public get live(): boolean {
    return this.tracks.some((t) => t.readyState === 'live');
  }

  public getTracks(): FakeTrack[] {
    return this.tracks;
  }
}

/** A MediaRecorder that "records" one chunk of `bytes` bytes, handed over on stop(). */
export class FakeRecorder extends EventTarget {
  public state: RecordingState = 'inactive';
  public bytes = 1200;
  public readonly mimeType: string;

  constructor(
    public readonly stream: FakeStream,
    public readonly options: MediaRecorderOptions,
  ) {
    super();
    this.mimeType = options.mimeType ?? 'audio/webm';
  }

  public start(): void {
    this.state = 'recording';
  }

  /** As the browser does: the last data first, then `stop`, each in a task of its own. */
  public stop(): void {
    if (this.state === 'inactive') return;
    this.state = 'inactive';
    setTimeout(() => {
      const data = new Event('dataavailable') as Event & { data: Blob };
      data.data = new Blob([new Uint8Array(this.bytes)], { type: this.mimeType });
      this.dispatchEvent(data);
      this.dispatchEvent(new Event('stop'));
    });
  }

  /** The microphone is unplugged: the browser stops the recorder by itself. */
  public lose(): void {
    this.stop();
  }
}

/** An analyser whose samples are a sine of `amplitude` (0..1 of full scale). */
export class FakeAnalyser {
  public fftSize = 2048;
  public amplitude = 0;
  public getByteTimeDomainData(samples: Uint8Array): void {
    for (let i = 0; i < samples.length; i++) {
      samples[i] = Math.round(128 + 127 * this.amplitude * Math.sin((2 * Math.PI * i) / 32));
    }
  }
}

export class FakeAudioContext {
  public readonly analyser = new FakeAnalyser();
  public closed = false;
  public createAnalyser(): FakeAnalyser {
    return this.analyser;
  }
  public createMediaStreamSource(): { connect(node: unknown): void } {
    return { connect: () => undefined };
  }
  public async close(): Promise<void> {
    this.closed = true;
  }
}

/** The browser's media APIs as the specs want them: granted, or refused with a DOMException name. */
export class FakeMediaBrowser implements MediaBrowser {
  /** Null: granted; else the name of the DOMException getUserMedia rejects with. */
  public refuse: string | null = null;
  /** Resolves getUserMedia only when the spec calls `grant()`, as a permission prompt would. */
  public holdPrompt = false;
  public readonly supported = new Set(['audio/webm;codecs=opus', 'audio/mp4']);
  public readonly streams: FakeStream[] = [];
  public readonly recorders: FakeRecorder[] = [];
  public readonly contexts: FakeAudioContext[] = [];
  private pending: (() => void)[] = [];

  public getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    if (this.refuse) return Promise.reject(new DOMException('refused', this.refuse));
    return new Promise((resolve) => {
      const answer = (): void => {
        const stream = new FakeStream(constraints);
        this.streams.push(stream);
        resolve(stream as unknown as MediaStream);
      };
      if (this.holdPrompt) this.pending.push(answer);
      else answer();
    });
  }

  /** The user allows the device at the held prompt. */
  public grant(): void {
    const pending = this.pending;
    this.pending = [];
    for (const answer of pending) answer();
  }

  public recorder(stream: MediaStream, options: MediaRecorderOptions): MediaRecorder {
    const recorder = new FakeRecorder(stream as unknown as FakeStream, options);
    this.recorders.push(recorder);
    return recorder as unknown as MediaRecorder;
  }

  public recorderSupports(mimeType: string): boolean {
    return this.supported.has(mimeType);
  }

  public audioContext(): AudioContext {
    const context = new FakeAudioContext();
    this.contexts.push(context);
    return context as unknown as AudioContext;
  }

  public lastRecorder(): FakeRecorder {
    const recorder = this.recorders.at(-1);
    if (!recorder) throw new Error('no recorder made');
    return recorder;
  }

  /** Whether any stream handed out still has a live track. */
  public get anyLive(): boolean {
    return this.streams.some((s) => s.live);
  }
}
