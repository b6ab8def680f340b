import { WebSocketLike } from '../app/core/chat-socket.service';

/** An in-memory WebSocket: the test plays the server (a mock, since no edge runs in unit tests). */
export class FakeWebSocket implements WebSocketLike {
  public static readonly instances: FakeWebSocket[] = [];
  public readyState = 0;
  public onopen: ((ev: Event) => unknown) | null = null;
  public onclose: ((ev: CloseEvent) => unknown) | null = null;
  public onerror: ((ev: Event) => unknown) | null = null;
  public onmessage: ((ev: MessageEvent) => unknown) | null = null;
  public readonly sent: Record<string, unknown>[] = [];
  public closed = false;

  constructor(public readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  public static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error('no socket opened');
    return socket;
  }

  public static reset(): void {
    FakeWebSocket.instances.length = 0;
  }

  public send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  public close(): void {
    this.closed = true;
    this.readyState = 3;
  }

  /** The server accepts the connection. */
  public open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** The server sends a frame. */
  public receive(frame: Record<string, unknown>): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }

  /** The connection drops (server side). */
  public drop(): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code: 1006 }));
  }

  /** The last frame sent of `type`. */
  public lastSent(type: string): Record<string, unknown> {
    const frame = [...this.sent].reverse().find((f) => f['type'] === type);
    if (!frame) throw new Error(`no ${type} frame sent; sent: ${JSON.stringify(this.sent)}`);
    return frame;
  }

  /** Replies ok to the last frame of `type`. */
  public ok(type: string, fields: Record<string, unknown> = {}): void {
    this.receive({ type: 'ok', re: this.lastSent(type)['id'], ...fields });
  }

  public error(type: string, code: string, message: string, details: Record<string, unknown> = {}): void {
    this.receive({ type: 'error', re: this.lastSent(type)['id'], code, message, ...details });
  }
}

export const LOGIN_OK = {
  user: 'alice',
  role: 'user',
  token: 'fresh-token',
  online: ['alice', 'bob'],
  seq: 40,
  rooms: [] as string[],
  unread: [] as { with: string | string[]; count: number }[],
  settings: { receipts: true },
};
