/**
 * The run directory against the real CLI (dist/cli.js): `gfn train` killed with SIGKILL (its whole process group) at
 * points of the run drawn with a fixed-seed generator, and inside each of its final writes; after each kill the
 * directory must hold no torn file, `gfn report` and `gfn train --resume` must succeed or fail with one clear line
 * naming the file, and the killed run's lock must not block the next. Then two runs into one --out.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCheckpoint } from '../../../src/run/checkpointFiles';
import { mulberry32 } from '../../../shared/rng';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'gfn-kill-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `gfn ...` as the leader of its own process group; `onLine` sees each stdout line as it comes. `env` is added
 * to this process's environment (the sandbox process that writes the run inherits it).
 */
function start(args: string[], onLine: (line: string) => void = () => {}, env: NodeJS.ProcessEnv = {}): { pid: number; ended: Promise<Ended> } {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<Ended>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { pid: child.pid!, ended };
}

const gfn = (...args: string[]) => start(args).ended;

const STACK = /^\s+at /m;
const ITERATIONS = 100;
const REPORT_EVERY = 5;
const TRAIN = ['train', 'examples/smiley.gfn.ts', '--iterations', String(ITERATIONS), '--hidden', '64', '--report-every', String(REPORT_EVERY), '--samples', '3000', '--seed', '3'];

/** What a run shows of its progress, in order: an entry appearing in its directory, or the start of a stdout line. */
type Trigger = { entry: string } | { line: string };
const triggerText = (t: Trigger) => ('entry' in t ? t.entry : t.line.trim());

/**
 * Where the kills that fall anywhere in the run are sent: the lock taken (the sandbox not started yet), the first file
 * of the run appearing, the backend line, or a progress line before the last (iterations and the final writes still
 * to come). Events, not delays: the same points of the run on a fast machine and on a loaded one.
 */
const ANYWHERE: Trigger[] = [
  { entry: '.lock' },
  { entry: '.graph.json.' },
  { line: 'backend: ' },
  ...Array.from({ length: ITERATIONS / REPORT_EVERY - 1 }, (_, k) => ({ line: `iter ${String((k + 1) * REPORT_EVERY).padStart(String(ITERATIONS).length)}/${ITERATIONS} ` })),
];

/**
 * The final writes, in the order src/train/session.ts makes them: the temporary entry each write creates, and the name
 * GFN_TEST_STALL_WRITE gives it (src/run/atomicFile.ts): the writer stops before publishing it until the kill comes.
 */
const FINAL_WRITES: { entry: string; stall: string }[] = [
  { entry: '.samples.jsonl.', stall: 'samples.jsonl' },
  { entry: '.flows.json.', stall: 'flows.json' },
  { entry: '.model.new', stall: 'model' },
  { entry: '.summary.json.', stall: 'summary.json' },
];

/** Every file of the run parses: JSON whole, line files line by line (metrics.jsonl may end in a torn line). */
function expectNoTornFile(dir: string): void {
  const json = ['summary.json', 'flows.json', 'graph.json', 'model/model.json', 'model/optimizer.json'];
  for (const name of json) if (existsSync(join(dir, name))) expect(() => JSON.parse(readFileSync(join(dir, name), 'utf8')), name).not.toThrow();
  if (existsSync(join(dir, 'samples.jsonl'))) {
    const text = readFileSync(join(dir, 'samples.jsonl'), 'utf8');
    expect(text === '' || text.endsWith('\n'), 'samples.jsonl ends with a newline').toBe(true);
    for (const line of text.split('\n').filter(Boolean)) JSON.parse(line);
  }
  if (existsSync(join(dir, 'metrics.jsonl'))) {
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n');
    for (const line of lines.slice(0, -1)) JSON.parse(line);
  }
}

/** One line on stderr, naming a file, exit 1, no stack trace; or success. */
function expectClearOutcome(r: Ended, allowed: RegExp, what: string): void {
  expect(r.stderr, what).not.toMatch(STACK);
  if (r.code === 0) return;
  expect(r.code, `${what}: ${r.stderr}`).toBe(1);
  expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
  expect(r.stderr, what).toMatch(allowed);
  expect(r.stderr, what).not.toMatch(/JSON|truncated|does not match|checksum/);
}

describe.skipIf(!existsSync(cli))('gfn train killed with SIGKILL', () => {
  it('never leaves a torn file, an unreadable run or a blocking lock', async () => {
    const dir = join(work, 'killed');
    mkdirSync(dir);
    // Entries of the directory as they appear (fs.watch), handed to the kill of the round under way.
    let onEntry: (name: string) => void = () => {};
    const watcher = watch(dir, (_, name) => onEntry(String(name)));
    try {
      // One whole run first: a checkpoint to resume from, and the order of its writes.
      const firstSeen: string[] = [];
      onEntry = (name) => {
        const write = ['.graph.json.', '.samples.jsonl.', 'summary.json'].find((w) => name.startsWith(w));
        if (write && !firstSeen.includes(write)) firstSeen.push(write);
      };
      const whole = await gfn(...TRAIN, '--out', dir);
      expect(whole.code, whole.stderr).toBe(0);
      expect(firstSeen).toEqual(['.graph.json.', '.samples.jsonl.', 'summary.json']);

      const random = mulberry32(20_240_601); // the kill points are random but the same on every run of the test
      const phases: Record<string, number> = {};
      const aimed: string[] = [];
      const KILLS = 16;
      for (let i = 0; i < KILLS; i++) {
        const hadCheckpoint = findCheckpoint(dir) !== null;
        // Odd rounds continue the previous run into its own directory: its checkpoint must survive a kill mid-save.
        const resume = i % 2 === 1 && hadCheckpoint;
        const args = resume ? [...TRAIN, '--resume', dir, '--out', dir] : [...TRAIN, '--out', dir, '--overwrite'];
        // Every third kill aims at the final writes (samples, flows, checkpoint, summary), in turn: the writer stops
        // before publishing that one (GFN_TEST_STALL_WRITE) and the kill is sent when its temporary entry appears, so
        // it lands inside that write whatever the machine's speed. The others are sent at a random point of the run.
        const atEnd = i % 3 === 2;
        const aim = FINAL_WRITES[Math.floor(i / 3) % FINAL_WRITES.length];
        const trigger: Trigger = atEnd ? { entry: aim.entry } : ANYWHERE[Math.floor(random() * ANYWHERE.length)];
        let armed = true;
        const kill = () => {
          if (!armed) return;
          armed = false;
          try {
            process.kill(-run.pid, 'SIGKILL');
          } catch {
            // Already ended.
          }
        };
        // The entry must exist: start() removing what a killed writer left is an event with the same name.
        onEntry = (name) => {
          if ('entry' in trigger && name.startsWith(trigger.entry) && existsSync(join(dir, name))) kill();
        };
        const onLine = (line: string) => {
          if ('line' in trigger && line.startsWith(trigger.line)) kill();
        };
        const run = start(args, onLine, atEnd ? { GFN_TEST_STALL_WRITE: aim.stall } : {});
        const ended = await run.ended;
        armed = false;
        const what = `kill ${i} (${resume ? 'resume' : 'overwrite'}, at ${triggerText(trigger)})`;
        expect(ended.stderr, what).not.toMatch(/in use by another run/);
        if (ended.signal !== 'SIGKILL') expect(ended.code, `${what}: ${ended.stderr}`).toBe(0);
        const summary = existsSync(join(dir, 'summary.json'));
        const where = ended.signal !== 'SIGKILL' ? 'not killed' : atEnd ? (summary ? 'aimed, after the summary' : 'aimed, in the final writes') : `at ${triggerText(trigger)}`;
        phases[where] = (phases[where] ?? 0) + 1;
        if (atEnd) aimed.push(`${aim.stall}: ${where}`);

        expectNoTornFile(dir);
        // An --overwrite run removes the earlier checkpoint when it starts; a resumed one keeps it until its own is in place.
        if (resume) expect(findCheckpoint(dir), `${what}: the previous checkpoint survives`).not.toBeNull();
        const [report, resumed] = await Promise.all([gfn('report', dir, '--out', join(work, 'report.html')), gfn('train', 'examples/smiley.gfn.ts', '--resume', dir, '--iterations', '0')]);
        expectClearOutcome(report, /graph\.json: missing/, `${what}: gfn report`);
        expectClearOutcome(resumed, /--resume: no checkpoint in .*model\.json is missing/, `${what}: gfn train --resume`);
        if (resume) expect(resumed.code, `${what}: ${resumed.stderr}`).toBe(0);
      }
      console.log(`SIGKILL: kills ${JSON.stringify(phases)}; aimed ${JSON.stringify(aimed)}`);
      expect(KILLS - (phases['not killed'] ?? 0)).toBeGreaterThanOrEqual(KILLS / 2);
      // Every aimed kill lands inside its write: the writer waits for it.
      expect(aimed.filter((a) => !a.endsWith('aimed, in the final writes'))).toEqual([]);
    } finally {
      watcher.close();
    }

    // The last killed run's lock is stale: a new run takes it over, finishes and leaves no lock.
    const last = await gfn(...TRAIN, '--out', dir, '--overwrite');
    expect(last.code, last.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 300_000);
});

describe.skipIf(!existsSync(cli))('two runs into one --out', () => {
  it('refuses a second run while one is writing (the lock), and an earlier run without --overwrite; SIGTERM saves', async () => {
    const dir = join(work, 'shared');
    const short = ['train', 'examples/smiley.gfn.ts', '--iterations', '10', '--hidden', '16', '--out', dir];
    let training!: () => void;
    const started = new Promise<void>((resolve) => (training = resolve));
    const first = start(['train', 'examples/smiley.gfn.ts', '--iterations', '1000000', '--hidden', '16', '--report-every', '20', '--out', dir], (line) => {
      if (line.startsWith('iter ')) training();
    });
    await Promise.race([started, first.ended]);

    for (const second of [await gfn(...short), await gfn(...short, '--overwrite')]) {
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(`gfn train: ${dir} is in use by another run (pid ${first.pid}, started ${JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')).started}): lock ${join(dir, '.lock')}\n`);
    }

    process.kill(first.pid, 'SIGTERM');
    const stopped = await first.ended;
    expect(stopped.code, stopped.stderr).toBe(143);
    expect(stopped.stdout).toMatch(/cancelled: the summary covers the iterations run/);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.iterations).toBeGreaterThan(0);
    expect(summary.iterations).toBeLessThan(1_000_000);
    expect(existsSync(join(dir, 'model', 'model.json'))).toBe(true);
    expect(existsSync(join(dir, '.lock'))).toBe(false);

    const refused = await gfn(...short);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^gfn train: ${dir} holds an earlier run \\(environment\\.json, flows\\.json, graph\\.json, metrics\\.jsonl, summary\\.json, model/\\): pass --overwrite to replace it`));
    const replaced = await gfn(...short, '--overwrite');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).iterations).toBe(10);
    const continued = await gfn('train', 'examples/smiley.gfn.ts', '--resume', dir, '--iterations', '5', '--out', dir);
    expect(continued.code, continued.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).iterations).toBe(5);
  }, 60_000);
});
