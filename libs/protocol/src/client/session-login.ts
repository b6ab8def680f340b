import { ChatError } from '../errors';
import { ClientFrameInput, Role } from '../frames';
import { ChatConnection } from './connection';
import { Credentials, FINAL_LOGIN_CODES, LoginReply } from './session.types';

const LOGOUT_TIMEOUT_MS = 2_000;

/** Who the session logs in as: the token of the last login reply, and the password when one was used. */
export class SessionCredentials {
  public user = '';
  public role: Role = 'user';
  private token: string | undefined;
  private password: string | undefined;

  /** Credentials to log in with (start()) or that just worked (login()). */
  public remember(credentials: Credentials): void {
    if ('token' in credentials) {
      this.token = credentials.token;
    } else {
      this.user = credentials.user;
      this.password = credentials.password;
    }
  }

  /** Each login reply carries a fresh token; a later login uses it. */
  public loggedIn(ok: LoginReply): void {
    this.user = ok.user;
    this.role = ok.role;
    if (ok.token) this.token = ok.token;
  }

  /**
   * Logs in again on `connection`: with the token, then with the password if the token is
   * refused (BAD_CREDENTIALS, e.g. expired). The first request goes out before this returns.
   */
  public async logInAgain(connection: ChatConnection, since: number | undefined): Promise<LoginReply> {
    const tries: Credentials[] = [];
    if (this.token) tries.push({ token: this.token });
    if (this.password !== undefined) tries.push({ user: this.user, password: this.password });
    let lastError: unknown = new ChatError('BAD_CREDENTIALS', 'no token or password to log in again with');
    for (const credentials of tries) {
      try {
        return await connection.request('login', withSince(credentials, since));
      } catch (err) {
        lastError = err;
        if (!(err instanceof ChatError) || err.code !== 'BAD_CREDENTIALS') throw err;
      }
    }
    throw lastError;
  }
}

/** Whether a failed login ends reconnecting: a refusal no retry can change. */
export function isFinalRefusal(err: unknown): err is ChatError {
  return err instanceof ChatError && FINAL_LOGIN_CODES.has(err.code);
}

export function withSince(credentials: Credentials, since: number | undefined): ClientFrameInput<'login'> {
  return since === undefined ? { ...credentials } : { ...credentials, since };
}

/** Sends `logout` and waits for its reply, or the connection's end, or LOGOUT_TIMEOUT_MS. */
export async function sayGoodbye(connection: ChatConnection): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, LOGOUT_TIMEOUT_MS)));
  const answered = connection.request('logout', {}).then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([answered, timeout]);
  clearTimeout(timer);
}
