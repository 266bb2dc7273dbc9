import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportCommand } from '../../../cli/report';
import { loadRun } from '../../../src/run/runReport';
import { MAX_CURVE_POINTS } from '../../../shared/curvePoints';
import { panelHtml, scriptForInline, jsonForScript } from '../../../shared/pageShell';
import { writeUntrainedRunDir } from '../../ui/runDir';
import smiley from '../../../examples/smiley.gfn';

const bundlePath = join(__dirname, '../../../dist/webview.js');
let dir: string;

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return reportCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), bundlePath }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gfn-report-'));
  writeUntrainedRunDir(smiley as never, join(dir, 'smiley'));
  if (!existsSync(bundlePath)) throw new Error('dist/webview.js is missing: run `npm run build` first');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('panelHtml', () => {
  it('has a strict CSP with the nonce on every script and style, and no remote resource', () => {
    const html = panelHtml({ cspSource: 'vscode-webview://abc', nonce: 'bm9uY2U=', script: { uri: 'vscode-webview://abc/dist/webview.js' } });
    expect(html).toContain(
      `content="default-src 'none'; script-src 'nonce-bm9uY2U='; style-src vscode-webview://abc 'nonce-bm9uY2U='; img-src vscode-webview://abc data:"`,
    );
    const tags = html.match(/<(script|style)\b[^>]*>/g) ?? [];
    expect(tags.length).toBe(2);
    for (const tag of tags) expect(tag).toContain('nonce="bm9uY2U="');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/ style="/);
    expect(() => panelHtml({ nonce: 'a"b', script: { uri: 'x' } })).toThrow(/nonce/);
  });

  it('embeds data and scripts so that nothing can close their element early', () => {
    expect(jsonForScript({ label: '</script><script>alert(1)</script>' })).not.toContain('</script');
    expect(JSON.parse(jsonForScript({ s: '</script>\u2028' }))).toEqual({ s: '</script>\u2028' });
    const src = 'const a = "</script>"; const b = /<!--/;';
    const inlined = scriptForInline(src);
    expect(inlined).not.toMatch(/<\/script/i);
    // The escaped source means the same: the string is equal and the regex matches the same text.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the escaped source is what this checks
    const [a, b] = new Function(`${inlined}; return [a, b];`)() as [string, RegExp];
    expect(a).toBe('</script>');
    expect(b.test('x<!--y')).toBe(true);
    expect(b.test('x<!-y')).toBe(false);
  });
});

describe('gfn report', () => {
  it('writes a standalone page with the bundle and the run inlined', async () => {
    const out = join(dir, 'smiley.html');
    const r = await run([join(dir, 'smiley'), '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/42 states, 96 edges/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>smiley faces: run report</title>');
    expect(html).toContain(`script-src 'nonce-`);
    const data = JSON.parse(html.match(/<script type="application\/json" id="gfn-data">(.*?)<\/script>/s)?.[1] ?? 'null');
    expect(data.graph.nodes).toHaveLength(42);
    expect(data.graph.nodes.filter((n: { terminal: boolean }) => n.terminal)).toHaveLength(20);
    expect(data.snapshot.stateFlow).toHaveLength(42);
    // The bundle is inlined, not referenced.
    expect(html).not.toMatch(/<script[^>]* src=/);
    expect(html.length).toBeGreaterThan(readFileSync(bundlePath, 'utf8').length);
  });

  it('takes sampled frequencies from samples.jsonl and progress from metrics.jsonl', () => {
    const d = join(dir, 'smiley');
    const keys = loadRun(d).graph?.nodes.filter((n) => n.terminal).map((n) => n.key) ?? [];
    writeFileSync(join(d, 'samples.jsonl'), [keys[0], keys[0], keys[0], keys[1]].map((key) => JSON.stringify({ key, state: [] })).join('\n') + '\n');
    writeFileSync(join(d, 'metrics.jsonl'), [1, 2].map((iteration) => JSON.stringify({ iteration, loss: 1 / iteration, logZ: 2, tv: 0.1 })).join('\n'));
    const data = loadRun(d);
    const v0 = data.graph?.nodes.findIndex((n) => n.key === keys[0]) ?? -1;
    const v1 = data.graph?.nodes.findIndex((n) => n.key === keys[1]) ?? -1;
    expect(data.snapshot?.sampledFreq[v0]).toBe(0.75);
    expect(data.snapshot?.sampledFreq[v1]).toBe(0.25);
    expect(data.progress.map((p) => p.iteration)).toEqual([1, 2]);
    rmSync(join(d, 'samples.jsonl'));
    rmSync(join(d, 'metrics.jsonl'));
  });

  it('a long run\'s curves are bounded and evenly sampled, its latest report last (shared/curvePoints.ts)', () => {
    const d = join(dir, 'smiley');
    writeFileSync(join(d, 'metrics.jsonl'), Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ iteration: 10 * (i + 1), loss: 1, logZ: 2, tv: 0.1 })).join('\n'));
    const iterations = loadRun(d).progress.map((p) => p.iteration);
    expect(iterations.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(iterations.length).toBeGreaterThan(MAX_CURVE_POINTS / 2);
    expect([iterations[0], iterations.at(-1)]).toEqual([10, 500_000]);
    rmSync(join(d, 'metrics.jsonl'));
  });

  it('explains bad input with a location and the right exit code', async () => {
    expect((await run([])).code).toBe(2);
    const unknown = await run([dir, '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown option '--bogus'");
    const missing = await run([join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope: no such run directory/);
    const noGraph = await run([dir]);
    expect(noGraph.err).toMatch(/graph\.json: missing; is .* the --out directory of `gfn train`\?/);

    const d = join(dir, 'smiley');
    appendFileSync(join(d, 'metrics.jsonl'), '{"iteration": 1}\n{oops\n');
    const badLine = await run([d, '--out', join(dir, 'x.html')]);
    expect(badLine.code).toBe(1);
    expect(badLine.err).toMatch(/metrics\.jsonl:2: not valid JSON/);
    rmSync(join(d, 'metrics.jsonl'));

    const flows = readFileSync(join(d, 'flows.json'), 'utf8');
    writeFileSync(join(d, 'flows.json'), JSON.stringify({ ...JSON.parse(flows), edgeFlow: [1, 2] }));
    const mismatch = await run([d, '--out', join(dir, 'x.html')]);
    expect(mismatch.err).toMatch(/flows\.json: 42 state flows and 2 edge flows do not match graph\.json \(42 nodes, 96 edges\)/);
    writeFileSync(join(d, 'flows.json'), flows);

    const noFolder = await run([d, '--out', join(dir, 'no/such/folder/x.html')]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toMatch(/its folder does not exist/);
  });
});
