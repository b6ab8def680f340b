import { performance } from 'node:perf_hooks';

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { MessageKind } from '@chat/protocol';

/** Which process a metric comes from: every sample carries it as the `process` label. */
export type MetricsProcess = 'edge' | 'api';

/** How a client reaches the edge, as the `transport` label of `natter_connections`. */
export type TransportLabel = 'tcp' | 'tls' | 'websocket';

/** What became of a media job (`natter_media_jobs_total`): done, failed, or refused by a full queue. */
export type MediaJobOutcome = 'ok' | 'failed' | 'refused';

/** The metric names, for the README, the tests and whoever scrapes them. */
export const METRIC_NAMES = {
  connections: 'natter_connections',
  logins: 'natter_logins_total',
  messages: 'natter_messages_total',
  deliveries: 'natter_deliveries_total',
  fanoutSeconds: 'natter_fanout_seconds',
  storeSeconds: 'natter_store_seconds',
  mediaJobs: 'natter_media_jobs_total',
  errors: 'natter_errors_total',
  edgeUp: 'natter_edge_up',
} as const;

/** The Prometheus text format's content type (version 0.0.4), of `text()` and of a merged page. */
export const METRICS_CONTENT_TYPE: string = Registry.PROMETHEUS_CONTENT_TYPE;

/** Fan-out, from a send reaching the messages service to its last socket write queued: sub-millisecond to a second. */
const FANOUT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** One store call: SQLite answers in microseconds, MongoDB over the network in milliseconds. */
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The one place a store call's duration goes (`DataModuleOptions.observe`). */
export type StoreObserver = (operation: string, seconds: number) => void;

/**
 * This process's Prometheus metrics (prom-client), in a registry of its own so that two services
 * in one test process keep theirs apart. Recording is an increment or a histogram observation;
 * nothing is serialised until a scrape asks for `text()`.
 */
export class Metrics {
  public readonly registry = new Registry();
  private readonly logins: Counter<'method' | 'result'>;
  private readonly messages: Counter<'kind'>;
  private readonly deliveries: Counter;
  private readonly fanout: Histogram;
  private readonly store: Histogram<'operation'>;
  private readonly mediaJobs: Counter<'kind' | 'outcome'>;
  private readonly errors: Counter<'code'>;

  /** `process` labels every sample; without it (unit tests) nothing of Node's own is collected either. */
  constructor(process?: MetricsProcess) {
    const registers = [this.registry];
    if (process) {
      this.registry.setDefaultLabels({ process });
      // Node's own: CPU, memory, handles, GC, and the event-loop lag (nodejs_eventloop_lag_*).
      collectDefaultMetrics({ register: this.registry });
    }
    this.logins = new Counter({
      name: METRIC_NAMES.logins,
      help: 'Log-ins, by method (password, token) and result (ok, failed)',
      labelNames: ['method', 'result'],
      registers,
    });
    this.messages = new Counter({
      name: METRIC_NAMES.messages,
      help: 'Messages stored and sent on, by kind (all, private, group, room)',
      labelNames: ['kind'],
      registers,
    });
    this.deliveries = new Counter({
      name: METRIC_NAMES.deliveries,
      help: 'Messages queued on a connection: one per recipient connection',
      registers,
    });
    this.fanout = new Histogram({
      name: METRIC_NAMES.fanoutSeconds,
      help: "From a send reaching the messages service to the last recipient's socket write queued",
      buckets: FANOUT_BUCKETS,
      registers,
    });
    this.store = new Histogram({
      name: METRIC_NAMES.storeSeconds,
      help: 'Store calls, by operation (repository.method)',
      labelNames: ['operation'],
      buckets: STORE_BUCKETS,
      registers,
    });
    this.mediaJobs = new Counter({
      name: METRIC_NAMES.mediaJobs,
      help: 'Media processing jobs, by kind (voice, image, music) and outcome (ok, failed, refused)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.errors = new Counter({
      name: METRIC_NAMES.errors,
      help: 'Errors answered to clients (error frames, HTTP error bodies), by protocol error code',
      labelNames: ['code'],
      registers,
    });
  }

  /** Counts a log-in by what it came to. */
  public async login<T>(method: 'password' | 'token', attempt: Promise<T>): Promise<T> {
    try {
      const result = await attempt;
      this.logins.inc({ method, result: 'ok' });
      return result;
    } catch (err) {
      this.logins.inc({ method, result: 'failed' });
      throw err;
    }
  }

  /** A message stored and handed to the live gateway; `acceptedAt` is `performance.now()` at its arrival. */
  public messageSent(kind: MessageKind, acceptedAt: number): void {
    this.messages.inc({ kind });
    this.fanout.observe((performance.now() - acceptedAt) / 1000);
  }

  /** `count` connections had one message queued: one increment per message, not per recipient. */
  public delivered(count: number): void {
    if (count > 0) this.deliveries.inc(count);
  }

  /** The duration of store calls goes here. */
  public readonly storeCall: StoreObserver = (operation, seconds) => {
    this.store.observe({ operation }, seconds);
  };

  /** Counts a media job by what it came to: `refused` when the queue turned it away (SERVER_BUSY). */
  public async mediaJob<T>(kind: string, job: Promise<T>): Promise<T> {
    try {
      const result = await job;
      this.mediaJobs.inc({ kind, outcome: 'ok' });
      return result;
    } catch (err) {
      const refused = (err as { code?: unknown }).code === 'SERVER_BUSY';
      this.mediaJobs.inc({ kind, outcome: refused ? 'refused' : 'failed' });
      throw err;
    }
  }

  /** An error answered to a client, by its protocol code. */
  public error(code: string): void {
    this.errors.inc({ code });
  }

  /**
   * Open connections by transport, counted when scraped (from the edge's registry) rather than
   * kept up to date on every connect and close.
   */
  public countConnections(count: () => Partial<Record<TransportLabel, number>>): void {
    new Gauge({
      name: METRIC_NAMES.connections,
      help: 'Open connections, by transport (tcp, tls, websocket)',
      labelNames: ['transport'],
      registers: [this.registry],
      collect(this: Gauge<'transport'>) {
        const counts = count();
        for (const transport of ['tcp', 'tls', 'websocket'] as const) {
          this.set({ transport }, counts[transport] ?? 0);
        }
      },
    });
  }

  /** Whether the edge answered the api's scrape (1) or not (0): its metrics are missing when 0. */
  public edgeReachable(): (up: boolean) => void {
    const gauge = new Gauge({
      name: METRIC_NAMES.edgeUp,
      help: "Whether the edge answered the api's last scrape over the control channel (1) or not (0)",
      registers: [this.registry],
    });
    return (up) => gauge.set(up ? 1 : 0);
  }

  /** The Prometheus text exposition of this process. */
  public text(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * Several processes' expositions as one: each metric family's `# HELP` and `# TYPE` once, then the
 * samples of every process (they differ by their `process` label), so Prometheus reads one
 * valid page.
 */
export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, { head: string[]; samples: string[] }>();
  for (const text of texts) {
    let current: { head: string[]; samples: string[] } | undefined;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta) {
        const name = meta[2];
        current = families.get(name);
        if (!current) {
          current = { head: [], samples: [] };
          families.set(name, current);
        }
        if (current.head.length < 2 && !current.head.some((h) => h.startsWith(`# ${meta[1]} `))) {
          current.head.push(line);
        }
        continue;
      }
      if (line.startsWith('#')) continue;
      current?.samples.push(line);
    }
  }
  const out: string[] = [];
  for (const { head, samples } of families.values()) out.push(...head, ...samples, '');
  return out.join('\n');
}
