/**
 * Fuzz run (issue 13): a million seeded random and mutated frames over TCP and WebSocket against
 * the built edge, which must never crash, answer every frame with a frame the protocol defines,
 * never answer INTERNAL, print no stack trace, and give its memory back.
 *
 *   npm run fuzz                                   # 1,000,000 frames, a fresh seed (printed)
 *   npm run fuzz -- --frames 50000 --seed 42       # replay a seed
 *   npm run fuzz -- --connections 8 --batch 200
 *
 * The edge starts with its per-user rate limit, log-in and registration throttles and
 * per-address connection cap off (every fuzz connection comes from 127.0.0.1), so that the frames
 * reach the handlers instead of RATE_LIMITED. Its RSS (from /proc) is taken after the first phase
 * (the warm-up) and again after the run and a pause; the run fails when it grew by more than
 * `--rss-margin` MiB. Exit code 0 only when every check passed.
 */

import { Command } from 'commander';

import { ADMIN_PASSWORD, HOST, startEdge } from './edge';
import { closeCauses, FuzzReport, resyncCauses, runFuzz } from './fuzz/fuzzer';
import { cpuMs, edgeResources } from './load';

interface Options {
  frames: number;
  seed?: number;
  connections: number;
  batch: number;
  phases: number;
  settle: number;
  rssMargin: number;
}

const opts = new Command()
  .option('--frames <n>', 'frames to send', (v) => Number(v), 1_000_000)
  .option('--seed <n>', 'the seed (printed at the start; give it again to replay a run)', (v) => Number(v))
  .option(
    '--connections <n>',
    'connections: half TCP, half WebSocket; half of each logged in',
    (v) => Number(v),
    8,
  )
  .option('--batch <n>', 'frames pipelined per connection between round trips', (v) => Number(v), 200)
  .option(
    '--phases <n>',
    'parts of the run, with a canary round trip and a memory sample after each',
    (v) => Number(v),
    10,
  )
  .option('--settle <s>', 'seconds to wait before the last memory sample', (v) => Number(v), 15)
  .option(
    '--rss-margin <MiB>',
    'how much the RSS may end above its value after the warm-up',
    (v) => Number(v),
    64,
  )
  .parse()
  .opts<Options>();

/** Lines of the edge's stderr that say an exception went unhandled or an error was logged. */
const TROUBLE = /Error|\bat .+:\d+:\d+|Uncaught|unhandled|Warning/;

async function main(): Promise<void> {
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  console.log(
    `fuzz: seed ${seed}, ${opts.frames.toLocaleString()} frames, ${opts.connections} connections (replay: --seed ${seed})`,
  );
  const stderr: string[] = [];
  let stderrLines = 0;
  const edge = await startEdge(
    {
      RATE_LIMIT_BURST: '0',
      LOGIN_RATE_PER_ADDRESS: '0',
      REGISTER_RATE_PER_ADDRESS: '0',
      MAX_CONNECTIONS_PER_ADDRESS: '100000',
    },
    {
      onStderr: (text) => {
        for (const line of text.split('\n')) {
          if (!TROUBLE.test(line)) continue;
          stderrLines++;
          if (stderr.length < 20) stderr.push(line.slice(0, 300));
        }
      },
    },
  );
  let exited: string | null = null;
  edge.child.once('exit', (code, signal) => (exited = `edge exited with ${signal ?? code}`));
  const pid = edge.child.pid!;
  let warm: { rssMiB: number; fds: number } | undefined;
  const samples: string[] = [];
  let report: FuzzReport;
  const edgeCpuBefore = cpuMs(pid) / 1000;
  const ownCpuBefore = process.cpuUsage();
  try {
    report = await runFuzz(
      {
        host: HOST,
        tcpPort: edge.port,
        wsPort: edge.wsPort,
        admin: { user: 'admin', password: ADMIN_PASSWORD },
      },
      {
        frames: opts.frames,
        seed,
        connections: opts.connections,
        batch: opts.batch,
        phases: opts.phases,
        log: (line) => console.log(line),
        alive: () => exited === null,
        onPhase: (phase) => {
          if (exited) return;
          const r = edgeResources(pid);
          samples.push(`${r.rssMiB}`);
          if (phase === 1) warm = r;
          console.log(`  edge RSS ${r.rssMiB} MiB, ${r.fds} open descriptors`);
        },
      },
    );
  } catch (err) {
    edge.child.kill('SIGKILL');
    throw err;
  }
  const edgeCpu = exited ? NaN : cpuMs(pid) / 1000 - edgeCpuBefore;
  const ownUsage = process.cpuUsage(ownCpuBefore);
  const ownCpu = (ownUsage.user + ownUsage.system) / 1e6;
  let end: { rssMiB: number; fds: number } | undefined;
  if (!exited) {
    console.log(`settling ${opts.settle} s ...`);
    await new Promise((r) => setTimeout(r, opts.settle * 1000));
    end = exited ? undefined : edgeResources(pid);
  }

  const failures: string[] = [];
  if (exited) failures.push(exited);
  if (report.untyped > 0)
    failures.push(`${report.untyped} untyped answers: ${report.untypedSamples.join(' | ')}`);
  if (report.internal > 0)
    failures.push(`${report.internal} INTERNAL errors, for: ${report.internalSamples.join(' | ')}`);
  if (report.hangs > 0) failures.push(`${report.hangs} hangs: ${report.hangSamples.join(' | ')}`);
  if (report.canaryFailures.length > 0) failures.push(`canary failed: ${report.canaryFailures.join(' | ')}`);
  if (stderrLines > 0)
    failures.push(`${stderrLines} lines of errors on the edge's stderr:\n    ${stderr.join('\n    ')}`);
  if (report.sent < opts.frames) failures.push(`only ${report.sent} of ${opts.frames} frames sent`);
  if (warm && end && end.rssMiB > warm.rssMiB + opts.rssMargin)
    failures.push(`RSS ${end.rssMiB} MiB after the run, more than ${warm.rssMiB} + ${opts.rssMargin} MiB`);

  console.log(
    JSON.stringify(
      {
        seed,
        frames: report.sent,
        byOrigin: report.byOrigin,
        seconds: report.seconds,
        framesPerSec: report.framesPerSec,
        connections: opts.connections,
        cpuSeconds: { edge: Math.round(edgeCpu), fuzzer: Math.round(ownCpu) },
        reconnects: report.reconnects,
        canaryRounds: report.canaryRounds,
        rssMiB: { afterWarmUp: warm?.rssMiB, afterRun: end?.rssMiB, phases: samples.map(Number) },
        descriptors: { afterWarmUp: warm?.fds, afterRun: end?.fds },
        untyped: report.untyped,
        internal: report.internal,
        hangs: report.hangs,
        replies: Object.fromEntries(report.replies),
        resyncs: Object.fromEntries(resyncCauses),
        closedAfter: Object.fromEntries([...closeCauses].sort((a, b) => b[1] - a[1])),
      },
      null,
      2,
    ),
  );
  if (!exited) {
    const gone = new Promise((r) => edge.child.once('exit', r));
    edge.child.kill('SIGTERM');
    await gone;
  }
  if (failures.length > 0) {
    console.error(`FUZZ FAILED (seed ${seed}):\n  - ${failures.join('\n  - ')}`);
    process.exit(1);
  }
  console.log(`fuzz passed: ${report.sent.toLocaleString()} frames in ${report.seconds} s (seed ${seed})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
