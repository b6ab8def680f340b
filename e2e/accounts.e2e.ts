import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, DELETED_USER, FileInfo, MessageFrame } from '@chat/protocol';

import { eventually, nextEvent } from './support/events';
import { SystemProcess } from './support/system-process';

interface Session {
  id: string;
  transport: string;
  userAgent: string | null;
  current: boolean;
}

interface AuditItem {
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** The session a token belongs to (its `sid` claim; unchecked, the server checked it). */
function sidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sid: string }).sid;
}

/** Account care over real HTTP and TCP: sessions, a password an admin sets, an account deleted. */
describe('accounts: sessions, password reset and account deletion', () => {
  let sys: SystemProcess;
  let admin: string;

  beforeAll(async () => {
    sys = await SystemProcess.start();
    admin = await sys.adminToken();
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  const asAdmin = (method: string, path: string, json?: unknown) =>
    sys.request(method, path, { token: admin, json });
  const logIn = (username: string, password: string, headers: Record<string, string> = {}) =>
    sys.request<{ accessToken: string }>('POST', '/api/auth/login', {
      json: { username, password },
      headers,
    });
  const me = (token: string) => sys.request('GET', '/api/me', { token });
  const audit = async (target: string) =>
    (await sys.request<{ items: AuditItem[] }>('GET', `/api/admin/audit?target=${target}`, { token: admin }))
      .body.items;

  /** A TCP connection logged in with the password, and the token its log-in answered. */
  async function tcpLogin(
    user: string,
    password = `${user}-password`,
  ): Promise<{ client: ChatClient; token: string }> {
    const client = await sys.edge.connect();
    await client.request('register', { user, password }).catch(() => undefined);
    const { token } = await client.request('login', { user, password });
    return { client, token };
  }

  it('lists my sessions with the current one marked; ending one closes its connection and voids its tokens, and only its', async () => {
    const first = await sys.token('frank');
    const second = (await logIn('frank', 'frank-password', { 'user-agent': 'e2e-browser/1.0' })).body
      .accessToken;
    const tcp = await tcpLogin('frank');

    const list = await sys.request<Session[]>('GET', '/api/auth/sessions', { token: first });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(3);
    expect(list.body.filter((s) => s.current).map((s) => s.id)).toEqual([sidOf(first)]);
    expect(list.body.find((s) => s.id === sidOf(second))).toMatchObject({
      transport: 'http',
      userAgent: 'e2e-browser/1.0',
      current: false,
    });
    expect(list.body.find((s) => s.id === sidOf(tcp.token))).toMatchObject({
      transport: 'tcp',
      userAgent: null,
    });

    const kicked = nextEvent<{ reason: string }>(tcp.client, 'kicked', 2_000);
    const end = await sys.request('DELETE', `/api/auth/sessions/${sidOf(tcp.token)}`, { token: first });
    expect(end.status).toBe(204);
    expect((await kicked).reason).toBe('This session was ended');
    await eventually(() => expect(tcp.client.closed).toBe(true), 2_000);
    // Its token is refused over TCP as over REST; the other sessions go on.
    const retry = await sys.edge.connect();
    await expect(retry.request('login', { token: tcp.token })).rejects.toMatchObject({
      code: 'BAD_CREDENTIALS',
      message: 'This session was ended; log in again',
    });
    await retry.close();
    expect((await me(tcp.token)).status).toBe(401);
    expect((await me(first)).status).toBe(200);
    expect((await me(second)).status).toBe(200);

    // The current session may end itself: a log-out.
    expect(
      (await sys.request('DELETE', `/api/auth/sessions/${sidOf(second)}`, { token: second })).status,
    ).toBe(204);
    expect((await me(second)).status).toBe(401);
    expect((await me(first)).status).toBe(200);
  });

  it.each<[string, (token: string) => Promise<string>]>([
    ['an unknown id', async () => 'no-such-session'],
    [
      'an ended one',
      async (token) => {
        const sid = sidOf(await sys.token('gina'));
        expect((await sys.request('DELETE', `/api/auth/sessions/${sid}`, { token })).status).toBe(204);
        return sid;
      },
    ],
    ["another user's", async () => sidOf(await sys.token('hank'))],
  ])('answers 404 NO_SUCH_SESSION for %s', async (_what, sessionId) => {
    const token = await sys.token('gina');
    const sid = await sessionId(token);
    const res = await sys.request('DELETE', `/api/auth/sessions/${sid}`, { token });
    expect(res).toMatchObject({ status: 404, body: { code: 'NO_SUCH_SESSION', message: 'No such session' } });
  });

  it('a password change ends my other sessions and keeps this one', async () => {
    const here = await sys.token('ivy');
    const elsewhere = await sys.token('ivy');
    const tcp = await tcpLogin('ivy');
    const kicked = nextEvent<{ reason: string }>(tcp.client, 'kicked', 2_000);

    const res = await sys.request<{ accessToken: string }>('POST', '/api/auth/password', {
      token: here,
      json: { currentPassword: 'ivy-password', newPassword: 'ivy-new-password' },
    });
    expect(res.status).toBe(200);
    expect((await kicked).reason).toBe('Your password was changed');
    expect((await me(elsewhere)).status).toBe(401);
    expect((await me(res.body.accessToken)).status).toBe(200);
    const sessions = await sys.request<Session[]>('GET', '/api/auth/sessions', {
      token: res.body.accessToken,
    });
    expect(sessions.body.map((s) => [s.id, s.current])).toEqual([[sidOf(here), true]]);
    expect((await logIn('ivy', 'ivy-password')).status).toBe(401);
  });

  it('an admin resets a password: the old one fails, the new one works, every session of the user ends; audited', async () => {
    const token = await sys.token('carol');
    const tcp = await tcpLogin('carol');
    const kicked = nextEvent<{ by: string; reason: string }>(tcp.client, 'kicked', 2_000);

    const res = await asAdmin('POST', '/api/admin/users/CAROL/password', { password: 'carol-fresh-pass' });
    expect(res.status).toBe(204);
    expect(await kicked).toMatchObject({ by: 'admin', reason: 'Your password was reset by an admin' });
    await eventually(() => expect(tcp.client.closed).toBe(true), 2_000);
    expect((await me(token)).status).toBe(401);
    expect(await logIn('carol', 'carol-password')).toMatchObject({
      status: 401,
      body: { code: 'BAD_CREDENTIALS' },
    });
    expect((await logIn('carol', 'carol-fresh-pass')).status).toBe(200);
    const again = await sys.edge.connect();
    await expect(
      again.request('login', { user: 'carol', password: 'carol-fresh-pass' }),
    ).resolves.toMatchObject({
      user: 'carol',
    });
    await again.close();
    expect((await audit('carol')).map((e) => [e.action, e.actor])).toEqual([['password-reset', 'admin']]);
  });

  it("an admin deletes an account: its messages show as 'deleted user', its unseen files go, log-in fails, the name stays taken; audited", async () => {
    const dave = await tcpLogin('dave');
    const erin = await sys.tcp('erin');
    const daveToken = await sys.token('dave');
    await dave.client.request('send', { to: '*', text: 'hello from dave' });
    const shared = await dave.client.upload(Buffer.from('for erin'), {
      name: 'shared.txt',
      mime: 'text/plain',
    });
    await dave.client.request('send', { to: 'erin', fileId: shared.fileId });
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.from('never sent, only dave sees it')], { type: 'text/plain' }),
      'mine.txt',
    );
    const unsent = (await sys.request<FileInfo>('POST', '/api/files', { token: daveToken, body: form })).body;
    const blob = join(sys.edge.dataDir, 'files', unsent.sha256);
    expect(existsSync(blob)).toBe(true);
    const kicked = nextEvent<{ reason: string }>(dave.client, 'kicked', 2_000);

    const res = await asAdmin('DELETE', '/api/admin/users/Dave');
    expect(res).toMatchObject({ status: 200, body: { user: 'dave', files: 1 } });
    expect(res.body.messages).toBeGreaterThanOrEqual(2);
    expect((await kicked).reason).toBe('Your account was deleted');
    await eventually(() => expect(dave.client.closed).toBe(true), 2_000);

    // What others received stays, from "deleted user"; the file sent to erin still opens for her.
    const history = await erin.request('history', { with: '*' });
    expect(
      (history.messages as MessageFrame[]).filter((m) => m.text === 'hello from dave').map((m) => m.from),
    ).toEqual([DELETED_USER]);
    const erinToken = await sys.token('erin');
    const sharedRes = await fetch(`${sys.baseUrl}/api/files/${shared.fileId}`, {
      headers: { authorization: `Bearer ${erinToken}` },
    });
    expect(sharedRes.status).toBe(200);
    // The file nobody else could see is gone, bytes and all.
    const gone = await asAdmin('GET', `/api/files/${unsent.id}`);
    expect(gone).toMatchObject({ status: 404, body: { code: 'NO_SUCH_FILE' } });
    expect(existsSync(blob)).toBe(false);

    expect((await me(daveToken)).status).toBe(401);
    expect(await logIn('dave', 'dave-password')).toMatchObject({
      status: 401,
      body: { code: 'BAD_CREDENTIALS' },
    });
    const register = await sys.request('POST', '/api/auth/register', {
      json: { username: 'DAVE', password: 'another-password' },
    });
    expect(register).toMatchObject({ status: 409, body: { code: 'USER_EXISTS' } });
    const users = await sys.request<{ items: { username: string }[] }>('GET', '/api/users?search=dave', {
      token: admin,
    });
    expect(users.body.items).toEqual([]);
    expect((await audit('dave')).map((e) => [e.action, e.actor, e.details])).toEqual([
      ['account-delete', 'admin', { messages: res.body.messages, files: 1 }],
    ]);
    await erin.close();
  });

  describe('refusals', () => {
    let root2: string;
    let plain: string;

    beforeAll(async () => {
      root2 = await sys.token('root2');
      expect((await asAdmin('PATCH', '/api/admin/users/root2', { role: 'admin' })).status).toBe(200);
      plain = await sys.token('plain');
      await sys.token('victim');
    });

    it.each<[string, () => Promise<{ status: number; body: unknown }>, number, string, string?]>([
      ['deleting my own account', () => asAdmin('DELETE', '/api/admin/users/ADMIN'), 400, 'OWN_ACCOUNT'],
      [
        'resetting my own password',
        () => asAdmin('POST', '/api/admin/users/admin/password', { password: 'whatever-long' }),
        400,
        'OWN_ACCOUNT',
        'Not on your own account. Change your own password with POST /api/auth/password',
      ],
      [
        'deleting the configured admin',
        () => sys.request('DELETE', '/api/admin/users/admin', { token: root2 }),
        409,
        'ACCOUNT_PROTECTED',
        '"admin" is the configured admin account (ADMIN_USER); it cannot be deleted',
      ],
      ['deleting an unknown user', () => asAdmin('DELETE', '/api/admin/users/ghost'), 404, 'NO_SUCH_USER'],
      [
        'resetting an unknown user',
        () => asAdmin('POST', '/api/admin/users/ghost/password', { password: 'whatever-long' }),
        404,
        'NO_SUCH_USER',
      ],
      [
        'a weak password',
        () => asAdmin('POST', '/api/admin/users/victim/password', { password: 'short' }),
        400,
        'WEAK_PASSWORD',
      ],
      ['no password', () => asAdmin('POST', '/api/admin/users/victim/password', {}), 400, 'INVALID'],
      [
        'a user deleting',
        () => sys.request('DELETE', '/api/admin/users/victim', { token: plain }),
        403,
        'FORBIDDEN',
      ],
      [
        'a user resetting',
        () =>
          sys.request('POST', '/api/admin/users/victim/password', {
            token: plain,
            json: { password: 'x'.repeat(10) },
          }),
        403,
        'FORBIDDEN',
      ],
      ['no token', () => sys.request('GET', '/api/auth/sessions'), 401, 'NOT_AUTHENTICATED'],
    ])('refuses %s: %i %s', async (_what, call, status, code, message) => {
      const res = await call();
      expect(res).toMatchObject({ status, body: { code, ...(message ? { message } : {}) } });
    });

    it('leaves the refused accounts as they were', async () => {
      expect((await logIn('victim', 'victim-password')).status).toBe(200);
      expect((await me(admin)).status).toBe(200);
    });
  });
});
