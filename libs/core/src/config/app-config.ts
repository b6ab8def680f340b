import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';

import { z } from 'zod';

import {
  DEFAULT_CALL_RING_SEC,
  DEFAULT_LIMITS,
  DEFAULT_MAX_IMAGE_PX,
  DEFAULT_MAX_VOICE_SEC,
  DEFAULT_TOKEN_REFRESH_LIMIT_DAYS,
  DEFAULT_UPLOAD_IDLE_SEC,
  IceServer,
  Limits,
  MIN_PASSWORD_LENGTH,
  PRODUCT_NAME,
  THUMBNAIL_PX,
  USERNAME_PATTERN,
  USERNAME_RULE,
} from '@chat/protocol';

/** Shortest JWT secret accepted, from `JWT_SECRET` or the `jwt-secret` file alike. */
export const MIN_JWT_SECRET_LENGTH = 32;
/** The file under `DATA_DIR` that keeps the generated JWT secret when `JWT_SECRET` is not set. */
export const JWT_SECRET_FILE = 'jwt-secret';

const port = z.coerce.number().int().min(0).max(65535);
/** Node's default: browsers reuse a connection within it, and an idle one does not hold a place for long. */
const HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;
const nonNegative = z.coerce.number().min(0);
const DURATION_UNIT_SEC = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** A duration in seconds: `3600` (seconds), `90m`, `12h`, `7d`. */
const duration = z
  .string()
  .regex(/^\d+[smhd]?$/, 'like 3600, 90m, 12h or 7d')
  .transform((text) => {
    const unit = /[smhd]$/.test(text) ? (text.slice(-1) as keyof typeof DURATION_UNIT_SEC) : 's';
    return Number.parseInt(text, 10) * DURATION_UNIT_SEC[unit];
  })
  .pipe(z.number().int().min(1, 'must be at least one second'));
const SECONDS = { s: 1, m: 60, h: 3600 } as const;
/** `30/1m`: 30 at once, then 30 a minute (a token bucket); `0`: no limit. */
const rate = z
  .string()
  .regex(/^(0|\d+\/\d+[smh])$/, 'like 30/1m (30 at once, then 30 a minute), 20/1h, or 0 for no limit')
  .transform((text): Rate => {
    if (text === '0') return { burst: 0, perSec: 0 };
    const [count, window] = text.split('/');
    const seconds = Number(window.slice(0, -1)) * SECONDS[window.slice(-1) as keyof typeof SECONDS];
    return { burst: Number(count), perSec: seconds > 0 ? Number(count) / seconds : 0 };
  });

/** `LOG_LEVEL`, least to most: each level prints what the ones before it print, and more. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
/** `LOG_FORMAT`: lines for people, or one JSON object a line (Nest's ConsoleLogger `json`) for a collector. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Every environment variable the services read, validated once at start-up. */
const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  TCP_PORT: port.default(8888),
  HTTP_PORT: port.default(3000),
  WS_PORT: port.default(8081),
  WEB_ORIGINS: z.string().optional(),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  CONTROL_PORT: port.default(8889),
  CONTROL_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  JWT_SECRET: z
    .string()
    .min(MIN_JWT_SECRET_LENGTH, `must be at least ${MIN_JWT_SECRET_LENGTH} characters`)
    .optional(),
  JWT_TTL: duration.prefault('7d'),
  JWT_REFRESH_LIMIT: duration.prefault(`${DEFAULT_TOKEN_REFRESH_LIMIT_DAYS}d`),
  ADMIN_USER: z.string().regex(USERNAME_PATTERN, `must be ${USERNAME_RULE}`).default('admin'),
  ADMIN_PASSWORD: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`)
    .optional(),
  MAX_FILE_MB: nonNegative.default(DEFAULT_LIMITS.file / (1024 * 1024)),
  MAX_FRAME_KB: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_LIMITS.frame / 1024),
  RATE_LIMIT_BURST: nonNegative.default(100),
  RATE_LIMIT_PER_SEC: nonNegative.default(10),
  LOGIN_RATE_PER_ADDRESS: rate.prefault('30/1m'),
  REGISTER_RATE_PER_ADDRESS: rate.prefault('20/1h'),
  // libuv's thread pool (4 threads unless set), which password hashing shares with file I/O.
  UV_THREADPOOL_SIZE: z.coerce.number().int().min(1).max(1024).default(4),
  IDLE_TIMEOUT_SEC: z.coerce.number().min(1).default(120),
  UPLOAD_IDLE_SEC: z.coerce.number().min(1).max(3600).default(DEFAULT_UPLOAD_IDLE_SEC),
  MAX_CONNECTIONS: z.coerce.number().int().min(1).default(20_000),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(256),
  LOGIN_TIMEOUT_SEC: z.coerce.number().min(1).default(30),
  HTTP_HEADERS_TIMEOUT_SEC: z.coerce.number().int().min(1).max(300).default(10),
  HTTP_REQUEST_TIMEOUT_SEC: z.coerce.number().int().min(1).max(3600).default(120),
  MAX_HTTP_CONNECTIONS: z.coerce.number().int().min(1).default(2048),
  SQLITE_SYNC: z.enum(['normal', 'full']).default('normal'),
  SERVER_NAME: z.string().min(1).default(PRODUCT_NAME),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('log'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('text'),
  FFMPEG_PATH: z.string().min(1).optional(),
  MAX_VOICE_SEC: z.coerce.number().int().min(1).max(3600).default(DEFAULT_MAX_VOICE_SEC),
  MAX_IMAGE_PX: z.coerce.number().int().min(THUMBNAIL_PX).max(16384).default(DEFAULT_MAX_IMAGE_PX),
  MEDIA_JOBS: z.coerce.number().int().min(1).max(64).optional(),
  MAX_SNAPSHOTS: z.coerce.number().int().min(1).max(100_000).default(500),
  CALL_RING_SEC: z.coerce.number().int().min(5).max(300).default(DEFAULT_CALL_RING_SEC),
  ICE_SERVERS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of RTCIceServer objects' });
        return z.NEVER;
      }
      const parsed = iceServersSchema.safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a JSON array of RTCIceServer objects: ${parsed.error.issues
            .map((i) => `${i.path.join('.') || 'value'} ${i.message}`)
            .join('; ')}`,
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
  TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TURN_URLS: z
    .string()
    .optional()
    .transform((text) =>
      text
        ? text
            .split(',')
            .map((u) => u.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.string().regex(/^turns?:/, 'each must start with turn: or turns:'))),
  TURN_TTL_SEC: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
});

const iceUrl = z
  .string()
  .regex(/^(stun|stuns|turn|turns):\S+$/, 'is not a stun:, stuns:, turn: or turns: URL');
/** `ICE_SERVERS`: what the browsers' RTCPeerConnection takes as `iceServers`. */
const iceServersSchema = z
  .array(
    z
      .object({
        urls: z.union([iceUrl, z.array(iceUrl).min(1)]),
        username: z.string().optional(),
        credential: z.string().optional(),
      })
      .strict(),
  )
  .max(20);

export interface AppConfig {
  host: string;
  tcpPort: number;
  httpPort: number;
  /** The edge's WebSocket port (path `/ws`), for browsers. */
  wsPort: number;
  /** Origins whose pages may open the WebSocket. */
  webOrigins: string[];
  /** `TLS_CERT` + `TLS_KEY`: the TCP edge, its WebSocket (`wss://`) and the api's HTTP speak TLS. */
  tls?: TlsConfig;
  /** The edge's control port (admin API → edge moderation, via @nestjs/microservices). */
  controlPort: number;
  /** Where the control channel listens (edge) and is reached (api): loopback unless told otherwise. */
  controlHost: string;
  /**
   * `METRICS_PORT`: the api also serves `GET /metrics` here, on HOST, without a token (for a
   * Prometheus on the same host or network); unset, metrics are only at `/api/metrics`, for admins.
   */
  metricsPort?: number;
  dataDir: string;
  mongodbUri?: string;
  redisUrl?: string;
  jwtSecret: string;
  /** `JWT_TTL`: how long one token is valid, in seconds. */
  jwtTtlSec: number;
  /**
   * `JWT_REFRESH_LIMIT`: how long after a log-in with the password its tokens may be renewed (a
   * token log-in answers a fresh token, never valid past this), in seconds.
   */
  jwtRefreshLimitSec: number;
  adminUser: string;
  adminPassword?: string;
  limits: Limits;
  rateLimit: { burst: number; perSec: number };
  login: LoginConfig;
  idleTimeoutMs: number;
  /** `UPLOAD_IDLE_SEC`: an upload without a chunk for this long is discarded. */
  uploadIdleMs: number;
  /** Connections the edge accepts at once (lowered to what the descriptor limit allows); more get SERVER_BUSY. */
  maxConnections: number;
  /** Connections one remote address may hold at once; more get SERVER_BUSY. */
  maxConnectionsPerAddress: number;
  /** A connection not logged in this long after it opened is closed. */
  loginTimeoutMs: number;
  /** Every HTTP server of the system: the api's, and the edge's WebSocket port. */
  http: HttpServerConfig;
  sqliteSync: 'normal' | 'full';
  serverName: string;
  media: MediaConfig;
  /** `MAX_SNAPSHOTS`: screenshots a user may keep in their Snapshots folder. */
  maxSnapshots: number;
  calls: CallsConfig;
  log: LogConfig;
}

/** How the services log (see `createLogger`). */
export interface LogConfig {
  /** `LOG_LEVEL`: the most detailed level printed (`log` by default; Nest's boilerplate is `debug`). */
  level: LogLevelName;
  /** `LOG_FORMAT`. */
  format: LogFormat;
}

/** The server's certificate and key, read and checked at start-up (see `tlsServerOptions`). */
export interface TlsConfig {
  /** `TLS_CERT`: the certificate (PEM), followed by its chain, as the file has it. */
  cert: Buffer;
  /** `TLS_KEY`: its private key (PEM). */
  key: Buffer;
  /** The files they came from, for the start-up log. */
  certFile: string;
  keyFile: string;
}

/** Bounds on the HTTP servers' connections (see `httpServerOptions`). */
export interface HttpServerConfig {
  /** `HTTP_HEADERS_TIMEOUT_SEC`: a request's headers must have arrived within this. */
  headersTimeoutMs: number;
  /** `HTTP_REQUEST_TIMEOUT_SEC`: a whole request, an upload's body included, must have arrived within this. */
  requestTimeoutMs: number;
  /** How long a kept-alive connection may wait for its next request. */
  keepAliveTimeoutMs: number;
  /** `MAX_HTTP_CONNECTIONS`: connections the api holds at once (the edge's WebSocket port: this many besides MAX_CONNECTIONS); more are dropped. */
  maxConnections: number;
}

/** A token bucket: `burst` at once, refilled at `perSec`; 0 turns it off. */
export interface Rate {
  burst: number;
  perSec: number;
}

/** Log-in and registration throttling (issue 13). */
export interface LoginConfig {
  /** `LOGIN_RATE_PER_ADDRESS`: password log-ins from one client address. */
  perAddress: Rate;
  /** `REGISTER_RATE_PER_ADDRESS`: new accounts from one client address. */
  registerPerAddress: Rate;
  /** Password hashes computed at once: half of libuv's pool (`UV_THREADPOOL_SIZE`), so file I/O keeps the rest. */
  hashJobs: number;
}

/** Calls (protocol.md §11). */
export interface CallsConfig {
  /** `CALL_RING_SEC`: how long a call rings before it is missed. */
  ringMs: number;
  /** `ICE_SERVERS`: handed to every call as they are. */
  iceServers: IceServer[];
  /** `TURN_SECRET` + `TURN_URLS`: time-limited TURN credentials per call (coturn's use-auth-secret). */
  turn?: { secret: string; urls: string[]; ttlSec: number };
}

/** Voice messages and pictures (protocol.md §10). */
export interface MediaConfig {
  /** `FFMPEG_PATH`: the ffmpeg binary to use before any other. */
  ffmpegPath?: string;
  /** `MAX_VOICE_SEC`: longest voice message. */
  maxVoiceSec: number;
  /** `MAX_IMAGE_PX`: longest side of a stored picture. */
  maxImagePx: number;
  /** `MEDIA_JOBS`: media jobs at once in this process (default: the number of cores). */
  jobs: number;
}

/** Thrown when an environment variable has a bad value; its message says which and why. */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';
}

/**
 * Reads and validates the environment. The JWT secret, when not given, is generated once and
 * kept in `DATA_DIR/jwt-secret` so that every process sharing the data directory agrees on it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = parseEnv(envSchema, env);
  if (e.HTTP_REQUEST_TIMEOUT_SEC < e.HTTP_HEADERS_TIMEOUT_SEC) {
    throw new ConfigError(
      'Invalid configuration:\n  HTTP_REQUEST_TIMEOUT_SEC: must be at least HTTP_HEADERS_TIMEOUT_SEC',
    );
  }
  assertDistinctPorts({
    TCP_PORT: e.TCP_PORT,
    WS_PORT: e.WS_PORT,
    CONTROL_PORT: e.CONTROL_PORT,
    HTTP_PORT: e.HTTP_PORT,
    ...(e.METRICS_PORT === undefined ? {} : { METRICS_PORT: e.METRICS_PORT }),
  });
  const dataDir = resolve(e.DATA_DIR);
  const tls = tlsConfig(e.TLS_CERT, e.TLS_KEY);
  ownDataDir(dataDir);
  const web = tls ? 'https' : 'http';
  return {
    host: e.HOST,
    tcpPort: e.TCP_PORT,
    httpPort: e.HTTP_PORT,
    wsPort: e.WS_PORT,
    webOrigins: e.WEB_ORIGINS
      ? e.WEB_ORIGINS.split(',').map((o) => o.trim())
      : [`${web}://localhost:${e.HTTP_PORT}`, `${web}://127.0.0.1:${e.HTTP_PORT}`, 'http://localhost:4200'],
    ...(tls ? { tls } : {}),
    controlPort: e.CONTROL_PORT,
    controlHost: e.CONTROL_HOST,
    ...(e.METRICS_PORT === undefined ? {} : { metricsPort: e.METRICS_PORT }),
    dataDir,
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET ?? persistentSecret(dataDir),
    jwtTtlSec: e.JWT_TTL,
    jwtRefreshLimitSec: e.JWT_REFRESH_LIMIT,
    adminUser: e.ADMIN_USER,
    adminPassword: e.ADMIN_PASSWORD,
    limits: {
      ...DEFAULT_LIMITS,
      frame: e.MAX_FRAME_KB * 1024,
      file: Math.floor(e.MAX_FILE_MB * 1024 * 1024),
    },
    rateLimit: { burst: e.RATE_LIMIT_BURST, perSec: e.RATE_LIMIT_PER_SEC },
    login: {
      perAddress: e.LOGIN_RATE_PER_ADDRESS,
      registerPerAddress: e.REGISTER_RATE_PER_ADDRESS,
      hashJobs: Math.max(1, Math.floor(e.UV_THREADPOOL_SIZE / 2)),
    },
    idleTimeoutMs: e.IDLE_TIMEOUT_SEC * 1000,
    uploadIdleMs: e.UPLOAD_IDLE_SEC * 1000,
    maxConnections: e.MAX_CONNECTIONS,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    loginTimeoutMs: e.LOGIN_TIMEOUT_SEC * 1000,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_SEC * 1000,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_SEC * 1000,
      keepAliveTimeoutMs: HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.MAX_HTTP_CONNECTIONS,
    },
    sqliteSync: e.SQLITE_SYNC,
    serverName: e.SERVER_NAME,
    media: {
      ffmpegPath: e.FFMPEG_PATH,
      maxVoiceSec: e.MAX_VOICE_SEC,
      maxImagePx: e.MAX_IMAGE_PX,
      jobs: e.MEDIA_JOBS ?? availableParallelism(),
    },
    maxSnapshots: e.MAX_SNAPSHOTS,
    calls: {
      ringMs: e.CALL_RING_SEC * 1000,
      iceServers: e.ICE_SERVERS,
      turn: turnConfig(e.TURN_SECRET, e.TURN_URLS, e.TURN_TTL_SEC),
    },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
  };
}

/**
 * Each port of the system set to its own number (0, any free one, excepted): two on one would
 * have the second listener fail at start, with the first one's variable to blame.
 */
function assertDistinctPorts(ports: Record<string, number>): void {
  const byPort = new Map<number, string[]>();
  for (const [variable, port] of Object.entries(ports)) {
    if (port !== 0) byPort.set(port, [...(byPort.get(port) ?? []), variable]);
  }
  const shared = [...byPort].filter(([, variables]) => variables.length > 1);
  if (shared.length === 0) return;
  const problems = shared.map(
    ([port, variables]) => `  ${variables.join(', ')}: all ${port}; each needs a port of its own`,
  );
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

/**
 * Creates DATA_DIR, and keeps it to its owner (0700): it holds the database with every message
 * and password hash, the files and the JWT secret. A directory this user does not own (a shared
 * mount) keeps its mode; the files inside are 0600 whatever the directory's mode.
 */
function ownDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dataDir, 0o700);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}

function turnConfig(secret: string | undefined, urls: string[], ttlSec: number): CallsConfig['turn'] {
  if (!secret && urls.length === 0) return undefined;
  if (!secret) throw new ConfigError('Invalid configuration:\n  TURN_URLS: needs TURN_SECRET beside it');
  if (urls.length === 0)
    throw new ConfigError('Invalid configuration:\n  TURN_SECRET: needs TURN_URLS beside it');
  return { secret, urls, ttlSec };
}

/**
 * `TLS_CERT` and `TLS_KEY`, both or neither: each file read, the certificate and the key parsed,
 * and the pair loaded as Node's TLS will load it, so that a wrong file stops the start naming it
 * rather than failing the first handshake.
 */
function tlsConfig(certFile: string | undefined, keyFile: string | undefined): TlsConfig | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined) throw tlsError('TLS_KEY', 'needs TLS_CERT beside it');
  if (keyFile === undefined) throw tlsError('TLS_CERT', 'needs TLS_KEY beside it');
  const cert = readPem('TLS_CERT', certFile);
  const key = readPem('TLS_KEY', keyFile);
  try {
    new X509Certificate(cert);
  } catch (err) {
    throw tlsError('TLS_CERT', `${certFile} is not a PEM certificate (${reason(err)})`);
  }
  try {
    createPrivateKey(key);
  } catch (err) {
    throw tlsError('TLS_KEY', `${keyFile} is not a PEM private key without a passphrase (${reason(err)})`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw tlsError('TLS_KEY', `${keyFile} is not the key of the certificate in ${certFile} (${reason(err)})`);
  }
  return { cert, key, certFile: resolve(certFile), keyFile: resolve(keyFile) };
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw tlsError(variable, `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? reason(err)})`);
  }
}

function tlsError(variable: string, message: string): ConfigError {
  return new ConfigError(`Invalid configuration:\n  ${variable}: ${message}`);
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The secret kept in `DATA_DIR/jwt-secret`, created on first start. It is held to the rule of
 * `JWT_SECRET`: a short one would let anyone forge tokens, and an empty one fails every log-in.
 */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, JWT_SECRET_FILE);
  const existing = readSecretFile(file);
  if (existing !== null) return checkedSecretFile(file, existing);
  const secret = randomBytes(48).toString('base64url');
  // Written whole beside it, then linked into place: the edge and the api start together, and
  // neither may ever read a half-written file. link fails if the other one was first; then theirs wins.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, secret, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temp, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return checkedSecretFile(file, readSecretFile(file) ?? '');
  } finally {
    rmSync(temp, { force: true });
  }
}

function readSecretFile(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    chmodSync(file, 0o600);
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(`Cannot read the JWT secret file ${file}: ${(err as Error).message}`);
  }
}

function checkedSecretFile(file: string, secret: string): string {
  if (secret.length >= MIN_JWT_SECRET_LENGTH) return secret;
  throw new ConfigError(
    `Invalid JWT secret file ${file}: it holds ${secret.length} characters, and at least ` +
      `${MIN_JWT_SECRET_LENGTH} are needed. Delete it to have a new secret generated at the next start ` +
      `(everyone then logs in again), put at least ${MIN_JWT_SECRET_LENGTH} random characters in it ` +
      `(openssl rand -base64 48 > ${file}), or set JWT_SECRET.`,
  );
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** What the backup and restore commands read: where the data is, and which store holds it. */
export interface DataConfig {
  dataDir: string;
  mongodbUri?: string;
}

/**
 * `DATA_DIR` and `MONGODB_URI`, checked by the rules `loadConfig` applies, for the commands that
 * work on the data beside the system (`npm run backup`, `npm run restore`). Unlike `loadConfig` it
 * creates nothing: no data directory, no JWT secret.
 */
export function loadDataConfig(env: NodeJS.ProcessEnv = process.env): DataConfig {
  const e = parseEnv(envSchema.pick({ DATA_DIR: true, MONGODB_URI: true }), env);
  return { dataDir: resolve(e.DATA_DIR), mongodbUri: e.MONGODB_URI };
}

/** `env` read by `schema`, or a ConfigError naming every bad variable. */
function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
