import { randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { SessionRecord, STORE, Store, UserRecord } from '@chat/data';
import {
  assertPassword,
  assertUsername,
  ChatError,
  nameSkeleton,
  Role,
  USERNAME_PATTERN,
} from '@chat/protocol';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { Actor } from './actor';
import { LoginThrottle } from './login-throttle';
import { hashPassword, timingDummyHash, verifyPassword } from './password-hasher';
import { activeRestriction, untilIso } from './restrictions';

export interface TokenClaims {
  sub: string;
  role: Role;
  /** The user's token version when it was issued: any bump since voids the token. */
  tv: number;
  /**
   * When the user last logged in with the password, in seconds since the epoch (OpenID Connect's
   * name): a token log-in renews the token, but never past this plus the refresh limit.
   */
  auth_time: number;
  /** The session (a password log-in) the token belongs to: ending it voids the token. */
  sid: string;
}

const INVALID_TOKEN = 'Invalid or expired token';
const SIGNED_OUT = 'This session was signed out; log in again';
const TOO_OLD = 'This session is too old; log in with your password again';
const SESSION_ENDED = 'This session was ended; log in again';
/** A session's last use is written at most this often: not one write per request. */
const SESSION_TOUCH_MS = 60_000;
/** A User-Agent header is kept to this many characters: enough to tell browsers apart. */
const MAX_USER_AGENT_LENGTH = 200;

export interface AuthResult {
  user: UserRecord;
  token: string;
  /** The id of the session the token belongs to. */
  session: string;
}

/** Where a password log-in comes from, as its session records it. */
export interface LoginClient {
  transport: 'http' | 'tcp' | 'ws';
  /** The client's IP address, whose log-ins are limited (LoginThrottle). */
  address?: string;
  userAgent?: string;
}

/** Registration, log-in (password or token) and tokens: one set of rules for the edge and the admin API. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle = new LoginThrottle(config),
    private readonly metrics: Metrics = new Metrics(),
  ) {}

  /** `address`: the client's IP address, whose registrations are limited; none for the server's own. */
  public async register(
    username: string,
    password: string,
    role: Role = 'user',
    address?: string,
  ): Promise<UserRecord> {
    assertUsername(username);
    assertPassword(password);
    // The admin's name is the start's to create (after the listeners are up, so there is a moment
    // in which the account does not exist yet): nobody may register it, or a look-alike, first.
    if (role !== 'admin' && this.isAdminName(username)) {
      throw new ChatError('USER_EXISTS', `"${username}" is reserved for the administrator; choose another`);
    }
    await this.assertNameFree(username);
    if (address !== undefined) this.throttle.beforeRegister(address);
    const passwordHash = await this.throttle.hashing(() => hashPassword(password));
    return this.store.users.create({ username, passwordHash, role });
  }

  /** A password log-in: a new session, and a token for it. */
  public login(
    username: string,
    password: string,
    client: LoginClient = { transport: 'http' },
  ): Promise<AuthResult> {
    return this.metrics.login('password', this.passwordLogin(username, password, client));
  }

  /**
   * Logs in with a JWT from an earlier log-in (TCP or HTTP); answers with a fresh token that is
   * still bound to the password log-in the first one came from, so renewing never outlasts it by
   * more than the refresh limit.
   */
  public loginWithToken(token: string): Promise<AuthResult> {
    return this.metrics.login('token', this.tokenLogin(token));
  }

  private async passwordLogin(username: string, password: string, client: LoginClient): Promise<AuthResult> {
    const user = await this.checkPassword(username, password, client.address);
    const session = await this.startSession(user, client);
    return { user, token: this.issueToken(user, session), session };
  }

  /**
   * The user, when the password is theirs, with a log-in's rules (BAD_CREDENTIALS, BANNED, the
   * throttle); no session is started. `address`: the client's IP address.
   */
  public async checkPassword(username: string, password: string, address?: string): Promise<UserRecord> {
    this.throttle.beforeLogin(username, address);
    const user = USERNAME_PATTERN.test(username) ? await this.store.users.findByName(username) : null;
    const ok = await this.throttle.hashing(async () =>
      verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password),
    );
    if (!user || !ok) {
      this.throttle.loginFailed(username);
      throw new ChatError('BAD_CREDENTIALS');
    }
    this.throttle.loginSucceeded(username);
    this.assertNotBanned(user);
    return user;
  }

  /** Records a new session of `user`; answers its id, which the tokens issued for it carry. */
  public async startSession(
    user: Pick<UserRecord, 'username' | 'role' | 'tokenVersion'>,
    client: LoginClient,
  ): Promise<string> {
    const now = new Date();
    const session: SessionRecord = {
      id: randomUUID(),
      username: user.username,
      createdAt: now,
      lastSeen: now,
      transport: client.transport,
      userAgent: client.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      address: client.address ?? null,
    };
    await this.store.sessions.create(session);
    return session.id;
  }

  private async tokenLogin(token: string): Promise<AuthResult> {
    const { user, authTime, session } = await this.verifyToken(token);
    return { user, token: this.issueToken(user, session, authTime), session };
  }

  /**
   * The user a valid token names, as the store has it now (role changes apply at once): BANNED
   * while a ban is in force, BAD_CREDENTIALS for a token that is forged, expired, issued before
   * the user's token version was bumped, of a session that was ended, or past the refresh limit.
   */
  public async userFromToken(token: string): Promise<UserRecord> {
    return (await this.verifyToken(token)).user;
  }

  /** The caller a valid token names (as `userFromToken` checks it), with the token's session. */
  public async actorFromToken(token: string): Promise<Actor> {
    const { user, session } = await this.verifyToken(token);
    return { ...this.toActor(user), session };
  }

  /**
   * A token for `user` in session `session`, valid for JWT_TTL but never past `authTime` (a
   * password log-in, now by default) plus JWT_REFRESH_LIMIT.
   */
  public issueToken(
    user: Pick<UserRecord, 'username' | 'role' | 'tokenVersion'>,
    session: string,
    authTime = nowSec(),
  ): string {
    const exp = Math.min(nowSec() + this.config.jwtTtlSec, authTime + this.config.jwtRefreshLimitSec);
    const claims: TokenClaims & { exp: number } = {
      sub: user.username,
      role: user.role,
      tv: user.tokenVersion,
      auth_time: authTime,
      sid: session,
      exp,
    };
    return this.jwt.sign(claims, { secret: this.config.jwtSecret });
  }

  private async verifyToken(token: string): Promise<{ user: UserRecord; authTime: number; session: string }> {
    let claims: Partial<TokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token, { secret: this.config.jwtSecret });
    } catch {
      throw new ChatError('BAD_CREDENTIALS', INVALID_TOKEN);
    }
    const user = typeof claims.sub === 'string' ? await this.store.users.findByName(claims.sub) : null;
    if (!user) throw new ChatError('BAD_CREDENTIALS', INVALID_TOKEN);
    // A banned user hears why (BANNED), whichever token they come with.
    this.assertNotBanned(user);
    // A token without a version or a log-in time predates them: it is refused like a revoked one.
    if (claims.tv !== user.tokenVersion || typeof claims.auth_time !== 'number') {
      throw new ChatError('BAD_CREDENTIALS', SIGNED_OUT);
    }
    if (nowSec() >= claims.auth_time + this.config.jwtRefreshLimitSec) {
      throw new ChatError('BAD_CREDENTIALS', TOO_OLD);
    }
    const session = typeof claims.sid === 'string' ? await this.store.sessions.find(claims.sid) : null;
    // A token from before sessions has none: refused like a revoked one.
    if (!session || session.username.toLowerCase() !== user.username.toLowerCase()) {
      throw new ChatError('BAD_CREDENTIALS', SESSION_ENDED);
    }
    if (Date.now() - session.lastSeen.getTime() >= SESSION_TOUCH_MS) {
      await this.store.sessions.touch(session.id, new Date());
    }
    return { user, authTime: claims.auth_time, session: session.id };
  }

  public assertNotBanned(user: UserRecord): void {
    const ban = activeRestriction(user.ban);
    if (ban) {
      throw new ChatError('BANNED', ban.until ? `You are banned until ${untilIso(ban)}` : 'You are banned', {
        until: untilIso(ban),
        reason: ban.reason,
      });
    }
  }

  /**
   * USER_EXISTS for a name taken in any case, or that looks like a taken one (the same TR39
   * skeleton: "aIice" beside "alice"). Checked before the password is hashed.
   */
  private async assertNameFree(username: string): Promise<void> {
    if (await this.store.users.findByName(username)) throw new ChatError('USER_EXISTS');
    const lookalike = await this.store.users.findBySkeleton(nameSkeleton(username));
    if (lookalike) {
      throw new ChatError(
        'USER_EXISTS',
        `"${username}" looks like the existing name "${lookalike.username}"; choose another`,
      );
    }
  }

  private isAdminName(username: string): boolean {
    const admin = this.config.adminUser;
    return username.toLowerCase() === admin.toLowerCase() || nameSkeleton(username) === nameSkeleton(admin);
  }

  public toActor(user: UserRecord): Actor {
    return { username: user.username, role: user.role };
  }

  /**
   * Makes sure the configured admin exists. With ADMIN_PASSWORD the account is created or its
   * password and role are set (a new password voids the admin's earlier tokens); without it a
   * password is generated and printed once, when the account is first created.
   */
  public async ensureAdmin(): Promise<{ created: boolean; generatedPassword?: string }> {
    const { adminUser, adminPassword } = this.config;
    const existing = await this.store.users.findByName(adminUser);
    if (existing) {
      if (existing.role !== 'admin') await this.store.users.setRole(existing.username, 'admin');
      if (adminPassword && !(await verifyPassword(existing.passwordHash, adminPassword))) {
        await this.store.users.setPasswordHash(existing.username, await hashPassword(adminPassword));
      }
      return { created: false };
    }
    const password = adminPassword ?? randomPassword();
    try {
      await this.register(adminUser, password, 'admin');
    } catch (err) {
      // Another process sharing the store created it first (not: a user has a look-alike name).
      if (
        err instanceof ChatError &&
        err.code === 'USER_EXISTS' &&
        (await this.store.users.findByName(adminUser))
      )
        return { created: false };
      throw err;
    }
    this.logger.log(`Created admin account "${adminUser}"`);
    return { created: true, generatedPassword: adminPassword ? undefined : password };
  }
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}
