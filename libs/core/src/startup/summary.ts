import { join } from 'node:path';

import { SQLITE_FILE_NAME } from '@chat/data';
import { PRODUCT_NAME } from '@chat/protocol';

import { AppConfig, LogFormat } from '../config/app-config';

/** What one service knows of the running system, for the closing summary; each fills in its part. */
export interface StartFacts {
  /** The edge: where terminal clients connect. */
  tcp?: { host: string; port: number; tls: boolean };
  /** The edge: the browsers' WebSocket. */
  webSocket?: string;
  /** The api: the web client's page, absent when it is not built. */
  web?: string;
  /** The api: the REST api and its Swagger UI. */
  api?: string;
  swagger?: string;
  /** The api: where Prometheus scrapes: `METRICS_PORT` without a token, else the api's route with an admin's. */
  metrics?: { url: string; token: boolean };
  /** `SQLite, <file>` or `MongoDB`, never the URI (it may carry a password). */
  store?: string;
  dataDir?: string;
  adminUser?: string;
  /** Only from the service that created the admin account on this start, with a generated password. */
  adminPassword?: string;
  logFormat?: LogFormat;
}

/** The store for the summary: the SQLite file, or MongoDB without its URI (it may carry a password). */
export function describeStore(config: AppConfig): string {
  return config.mongodbUri ? 'MongoDB' : `SQLite, ${join(config.dataDir, SQLITE_FILE_NAME)}`;
}

/** The services' facts as one: later ones fill what earlier ones lack; a generated password is kept. */
export function mergeFacts(reports: StartFacts[]): StartFacts {
  const merged: StartFacts = {};
  for (const facts of reports) {
    for (const [key, value] of Object.entries(facts) as [keyof StartFacts, unknown][]) {
      if (value !== undefined && merged[key] === undefined) Object.assign(merged, { [key]: value });
    }
  }
  return merged;
}

/** The product as `npm start` names it: the name, and the version of package.json. */
export interface Product {
  name?: string;
  version: string;
}

/**
 * The one block `npm start` prints once every service is ready: what the operator needs and
 * would otherwise dig out of the log, the one-time admin password last, where it cannot scroll
 * away. With `LOG_FORMAT=json`, one JSON line in the shape of Nest's (level, pid, timestamp,
 * context, message) with the same facts as fields.
 */
export function closingSummary(product: Product, reports: StartFacts[], now = new Date()): string {
  const facts = mergeFacts(reports);
  const title = `${product.name ?? PRODUCT_NAME} ${product.version} is up`;
  if (facts.logFormat === 'json') return JSON.stringify(summaryRecord(title, product, facts, now));
  const rows = summaryRows(facts);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const rule = '='.repeat(Math.max(title.length + 8, ...lines.map((l) => l.length)));
  return [rule, `  ${title}`, rule, ...lines, rule].join('\n');
}

function summaryRows(facts: StartFacts): [string, string][] {
  const rows: [string, string][] = [];
  if (facts.tcp) {
    const { host, port, tls } = facts.tcp;
    rows.push(['Chat over TCP', `${host}:${port}${tls ? ' (TLS)' : ''}`]);
    rows.push(['Terminal client', `npm run cli -- --host ${host} --port ${port}${tls ? ' --tls' : ''}`]);
  }
  if (facts.api) {
    rows.push(['Web client', facts.web ?? 'not built: npm run build:web puts it in dist/web']);
    rows.push(['Swagger UI', facts.swagger ?? '']);
    rows.push(['Admin API', facts.api]);
    if (facts.metrics) {
      const { url, token } = facts.metrics;
      rows.push(['Metrics', `${url}  (${token ? "with an admin's token" : 'no token'})`]);
    }
  }
  if (facts.store) rows.push(['Store', facts.store]);
  if (facts.dataDir) rows.push(['Data directory', facts.dataDir]);
  if (facts.adminUser) rows.push(['Admin user', facts.adminUser]);
  if (facts.adminPassword) {
    rows.push(['Admin password', `${facts.adminPassword}  (made on this first start; shown this once)`]);
  }
  return rows;
}

function summaryRecord(title: string, product: Product, facts: StartFacts, now: Date): object {
  return {
    level: 'log',
    pid: process.pid,
    timestamp: now.getTime(),
    context: product.name ?? PRODUCT_NAME,
    message: title,
    version: product.version,
    ...facts,
    logFormat: undefined,
  };
}
