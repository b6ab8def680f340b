import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { CONVERSATIONS_MAX_LIMIT } from '@chat/protocol';

import { ChatStore } from '../app/chat/chat-store.service';
import { WEBSOCKET_FACTORY } from '../app/core/chat-socket.service';
import { ClientConfigService } from '../app/core/client-config.service';
import { FakeWebSocket, LOGIN_OK } from './fake-websocket';

/** Lets the promise callbacks (the replies') run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export interface LoggedInChat {
  store: ChatStore;
  ws: FakeWebSocket;
  http: HttpTestingController;
  /** The api's conversation list, asked for on log-in (the test plays the api). */
  listing: TestRequest;
}

/**
 * The chat of a tab logged in as alice (LOGIN_OK) over a fake WebSocket, with the first page of
 * everyone's history answered (empty) and the api's conversation list asked for but not answered.
 * `providers` adds what the spec's subject needs (a service the chat page provides, say).
 */
export async function loggedInChat(providers: Provider[] = []): Promise<LoggedInChat> {
  FakeWebSocket.reset();
  sessionStorage.setItem('chat.session', JSON.stringify({ token: 't', username: 'alice', role: 'user' }));
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: WEBSOCKET_FACTORY, useValue: (url: string) => new FakeWebSocket(url) },
      { provide: ClientConfigService, useValue: { wsUrl: async () => 'ws://test/ws' } },
      ...providers,
    ],
  });
  const store = TestBed.inject(ChatStore);
  const http = TestBed.inject(HttpTestingController);
  await store.start();
  const ws = FakeWebSocket.latest();
  ws.open();
  ws.ok('login', LOGIN_OK);
  await settle();
  const listing = http.expectOne(
    (req) =>
      req.method === 'GET' &&
      req.url === '/api/conversations' &&
      req.params.get('limit') === String(CONVERSATIONS_MAX_LIMIT),
  );
  ws.ok('history', { messages: [] });
  await settle();
  return { store, ws, http, listing };
}

/** A delivered message, bob's to everyone unless `over` says otherwise. */
export const message = (over: Record<string, unknown>) => ({
  type: 'message',
  seq: 41,
  msgId: 'm41',
  ts: '2026-11-22T10:00:00.000Z',
  from: 'bob',
  to: '*',
  kind: 'all',
  text: 'hi',
  ...over,
});
