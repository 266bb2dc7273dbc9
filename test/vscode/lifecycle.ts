/**
 * Integration tests of the extension's run lifecycle and settings, in a trusted workspace: Stop Training, the
 * restart prompt of a second Train, Export PNG / JSON clicked in the real panel, validate on save vs on type, and the
 * state budget. Prompts a test cannot click are answered through the test API (present only in ExtensionMode.Test);
 * clicks inside the webview are made by the driver (test/vscode/run.mjs) when a test logs a `GFN_UI` request.
 */
import * as vscode from 'vscode';
import type { GfnStudioApi, GfnStudioTesting } from '../../extension/extension';
import { assert, codeOf, gfnDiagnostics, sleep, studio, waitFor, workspaceUri, type TestCase } from './util';

const config = () => vscode.workspace.getConfiguration('gflownet');
const setSetting = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Workspace);

interface Summary {
  iterations: number;
  tv: number | null;
}

const SMILE_REWARD = "reward: (face) => (!isValid(face) ? 0 : face.includes('smile') ? 2 : 1),";
const BROKEN_REWARD = "reward: (face) => (!isValid(face) ? 0 : face.includes('smile') ? 2 : Number.NaN),";

/** Read through a call: TypeScript would otherwise narrow the getter across awaits. */
const cancelled = (api: GfnStudioApi): boolean | undefined => api.lastRun?.cancelled;

function testing(api: GfnStudioApi): GfnStudioTesting {
  assert(api.testing, 'the test API is present (the extension host runs in ExtensionMode.Test)');
  return api.testing;
}

/** Starts GFlowNet: Train without waiting for it; the promise settles with the command's result. */
function startTrain(uri: vscode.Uri): Thenable<Summary | undefined> {
  return vscode.commands.executeCommand<Summary | undefined>('gflownet.train', uri);
}

/** Waits until a trainer has reported progress at least `count` more times than `from`. */
function waitForProgress(api: GfnStudioApi, from: number, count = 2): Promise<number> {
  return waitFor(`${count} progress reports`, () => (api.progressCount >= from + count ? api.progressCount : undefined), 60_000);
}

/** Asks the driver to click `selector` inside the flow graph panel's page, as a user would. */
function clickInPanel(selector: string): void {
  console.log(`GFN_UI click ${selector}`);
}

async function replaceAll(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert(await vscode.workspace.applyEdit(edit), 'the edit applied');
}

const hasInvalidReward = (uri: vscode.Uri) => gfnDiagnostics(uri).some((d) => codeOf(d) === 'invalid-reward');

export const lifecycleTests: TestCase[] = [
  {
    name: 'Stop Training ends a long run, cancelled: status bar, no more progress, worker gone, Train again works',
    async run() {
      const api = await studio();
      const uri = workspaceUri('smiley.gfn.ts');
      await setSetting('train.iterations', 1_000_000);
      await setSetting('train.reportEvery', 10);
      const before = api.progressCount;
      const long = startTrain(uri);
      try {
        await waitForProgress(api, before);
        assert(api.training, 'a run is in progress');
        // The status bar shows the reports batched, up to a tenth of a second after they arrive (extension/reportRelay.ts).
        await waitFor(`the running iteration in the status bar (it shows ${api.statusBarText})`, () => (api.statusBarText.startsWith('$(sync~spin) GFlowNet ') ? true : undefined), 10_000);
        const asked = Date.now();
        await vscode.commands.executeCommand('gflownet.stopTraining');
        const stopMs = Date.now() - asked;
        const summary = await long;
        assert(summary, 'the stopped run returns its summary so far');
        assert(summary.iterations < 1_000_000, `the run stopped early, got ${summary.iterations} iterations`);
        assert(cancelled(api), 'the run is recorded as cancelled');
        assert(!api.training, 'no run is in progress');
        assert(api.statusBarText.startsWith('$(debug-stop) GFlowNet TV'), `status bar shows a stopped run, got ${api.statusBarText}`);
        await waitFor('every sandbox worker to exit', () => (api.liveJobs === 0 ? true : undefined), 60_000);
        const count = api.progressCount;
        await sleep(1500);
        assert(api.progressCount === count, `no progress after the stop, got ${api.progressCount - count} more report(s)`);
        // A figure, not a gate: `npm run bench -- responsiveness` holds a stopped run's end against its 2 s budget.
        console.log(`  METRIC stop training: stopped after ${summary.iterations} iterations, command returned in ${stopMs} ms`);

        await setSetting('train.iterations', 50);
        const again = await startTrain(uri);
        assert(again && again.iterations === 50, `a new Train runs its 50 iterations, got ${again?.iterations}`);
        assert(!cancelled(api), 'the new run finished normally');
        assert(api.statusBarText.startsWith('$(check) GFlowNet TV'), `status bar shows a finished run, got ${api.statusBarText}`);
      } finally {
        // A failure above must not leave a 1,000,000-iteration run to the next test.
        if (api.training) await vscode.commands.executeCommand('gflownet.stopTraining');
        await long;
        await setSetting('train.iterations', undefined);
        await setSetting('train.reportEvery', undefined);
      }
    },
  },
  {
    name: 'a second Train while one runs asks whether to restart: "keep" leaves the run, "restart" replaces it',
    async run() {
      const api = await studio();
      const hooks = testing(api);
      const smiley = workspaceUri('smiley.gfn.ts');
      const sets = workspaceUri('sets.gfn.ts');
      const asked: string[] = [];
      let answer = false;
      hooks.setRestartPrompt(async (current, next) => {
        asked.push(`${current.split('/').pop()} -> ${next.split('/').pop()}`);
        return answer;
      });
      try {
        await setSetting('train.iterations', 1_000_000);
        await setSetting('train.reportEvery', 10);
        const first = startTrain(smiley);
        await waitForProgress(api, api.progressCount);

        // Answer "keep": the command returns at once and the first run goes on.
        const kept = await startTrain(sets);
        assert(kept === undefined, 'the declined Train returns nothing');
        assert(asked.length === 1 && asked[0] === 'smiley.gfn.ts -> sets.gfn.ts', `asked once, naming both files, got ${asked.join('; ')}`);
        assert(api.training, 'the first run still trains');
        await waitForProgress(api, api.progressCount);

        // Answer "restart": the first run ends cancelled, the second runs to its end.
        answer = true;
        await setSetting('train.iterations', 40);
        const second = await startTrain(sets);
        const firstSummary = await first;
        assert((asked.length as number) === 2, `asked a second time, got ${asked.length} question(s)`);
        assert(firstSummary && firstSummary.iterations < 1_000_000, `the first run was stopped, got ${firstSummary?.iterations}`);
        assert(second && second.iterations === 40, `the second run trained its 40 iterations, got ${second?.iterations}`);
        assert(api.lastRun?.file.endsWith('sets.gfn.ts') && !api.lastRun.cancelled, 'the last run is the completed sets run');
        assert(!api.training, 'nothing trains any more');
        await waitFor('every sandbox worker to exit', () => (api.liveJobs === 0 ? true : undefined), 60_000);
        console.log(`  restart prompt: ${asked.join('; ')}; first run stopped after ${firstSummary.iterations} iterations`);
      } finally {
        hooks.setRestartPrompt(undefined);
        await setSetting('train.iterations', undefined);
        await setSetting('train.reportEvery', undefined);
      }
    },
  },
  {
    name: 'Export PNG and Export JSON clicked in the panel save a valid PNG and the graph as JSON',
    async run() {
      const api = await studio();
      const hooks = testing(api);
      const uri = workspaceUri('sets.gfn.ts');
      const before = api.lastRender?.at ?? 0;
      const nodes = await vscode.commands.executeCommand<number | undefined>('gflownet.showFlowGraph', uri);
      assert(nodes !== undefined && nodes > 1, `the panel got a graph, got ${nodes} nodes`);
      await waitFor('the panel to draw the sets DAG', () => (api.lastRender && api.lastRender.at > before ? api.lastRender : undefined), 30_000);
      const targets: string[] = [];
      hooks.setExportTarget(async (kind) => {
        targets.push(kind);
        return workspaceUri(`exported/flow-graph.${kind}`);
      });
      const exported = (kind: string) =>
        new Promise<vscode.Uri>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ${kind} export within 20 s (see the driver's GFN_UI log)`)), 20_000);
          const sub = api.onDidExport((target) => {
            if (!target.path.endsWith(`.${kind}`)) return;
            clearTimeout(timer);
            sub.dispose();
            resolve(target);
          });
        });
      try {
        const png = exported('png');
        clickInPanel('#export-png');
        const pngBytes = await vscode.workspace.fs.readFile(await png);
        const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
        assert(signature.every((b, i) => pngBytes[i] === b), 'the file starts with the PNG signature');
        const view = new DataView(pngBytes.buffer, pngBytes.byteOffset, pngBytes.byteLength);
        assert(String.fromCharCode(...pngBytes.slice(12, 16)) === 'IHDR', 'the first chunk is IHDR');
        const width = view.getUint32(16);
        const height = view.getUint32(20);
        console.log(`  METRIC export png: ${width}x${height}, ${pngBytes.length} bytes`);
        assert(width >= 200 && height >= 100, `a picture of the graph, not a speck: ${width}x${height}`);
        assert(pngBytes.length > 5000, `a non-trivial PNG, got ${pngBytes.length} bytes`);

        const json = exported('json');
        clickInPanel('#export-json');
        const text = Buffer.from(await vscode.workspace.fs.readFile(await json)).toString('utf8');
        const parsed = JSON.parse(text) as { graph?: { nodes?: unknown[]; edges?: unknown[]; name?: string } };
        assert(Array.isArray(parsed.graph?.nodes), 'the JSON carries the graph');
        assert(parsed.graph.nodes.length === nodes, `the JSON has the graph's ${nodes} nodes, got ${parsed.graph.nodes.length}`);
        assert(Array.isArray(parsed.graph.edges) && parsed.graph.edges.length > 0, 'and its edges');
        console.log(`  export json: ${parsed.graph.name}, ${parsed.graph.nodes.length} nodes, ${parsed.graph.edges.length} edges, ${text.length} characters`);
        assert(targets.join(',') === 'png,json', `asked for one target per export, got ${targets.join(',')}`);
      } finally {
        hooks.setExportTarget(undefined);
      }
    },
  },
  {
    name: 'validate on save does not validate edits until saved; validate on type does after the debounce',
    async run() {
      const uri = workspaceUri('smiley.gfn.ts');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: false });
      const original = document.getText();
      await waitFor('smiley to be valid', () => (hasInvalidReward(uri) ? undefined : true), 60_000);
      try {
        await setSetting('validate.trigger', 'onSave');
        await setSetting('validate.debounceMs', 100);
        await replaceAll(document, original.replace(SMILE_REWARD, BROKEN_REWARD));
        await sleep(2000);
        assert(!hasInvalidReward(uri), 'onSave: an unsaved edit is not validated');
        const saved = Date.now();
        await document.save();
        await waitFor('invalid-reward after saving', () => (hasInvalidReward(uri) ? true : undefined), 60_000);
        const onSaveMs = Date.now() - saved;
        await replaceAll(document, original);
        await sleep(1500);
        assert(hasInvalidReward(uri), 'onSave: the unsaved fix is not validated either');
        await document.save();
        await waitFor('the fix validated on save', () => (hasInvalidReward(uri) ? undefined : true), 60_000);

        await setSetting('validate.trigger', 'onType');
        await setSetting('validate.debounceMs', 800);
        // When the diagnostic arrives, taken from its event: the debounce puts it at least 800 ms after the edit, and
        // load only delays it (a look 400 ms after the edit could come after the debounce on a loaded machine).
        let arrived: number | undefined;
        let onTypeMs: number;
        const typed = Date.now();
        const arrival = vscode.languages.onDidChangeDiagnostics(() => {
          if (arrived === undefined && hasInvalidReward(uri)) arrived = Date.now() - typed;
        });
        try {
          await replaceAll(document, original.replace(SMILE_REWARD, BROKEN_REWARD));
          onTypeMs = await waitFor('invalid-reward while typing, unsaved', () => arrived, 60_000);
        } finally {
          arrival.dispose();
        }
        assert(document.isDirty, 'the document was never saved');
        assert(onTypeMs >= 800, `onType: nothing before the debounce (800 ms) has passed, got the diagnostic after ${onTypeMs} ms`);
        await replaceAll(document, original);
        await waitFor('the fix validated while typing', () => (hasInvalidReward(uri) ? undefined : true), 60_000);
        console.log(`  METRIC validate trigger: onSave ${onSaveMs} ms after save; onType ${onTypeMs} ms after the edit (debounce 800 ms)`);
      } finally {
        if (document.getText() !== original) await replaceAll(document, original);
        await document.save();
        await setSetting('validate.trigger', undefined);
        await setSetting('validate.debounceMs', undefined);
      }
    },
  },
  {
    name: 'the state budget setting stops exploration (incomplete, information diagnostic, no Z) and raising it restores Z',
    async run() {
      const uri = workspaceUri('smiley.gfn.ts');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: false });
      type Result = { ok: boolean; summary: { states: number; complete: boolean; logZ: number | null } | null };
      try {
        await setSetting('stateBudget', 10);
        // Open documents are revalidated when the budget changes, without an edit.
        await waitFor('state-budget-exceeded after the setting changed', () => (gfnDiagnostics(uri).some((d) => codeOf(d) === 'state-budget-exceeded') ? true : undefined), 10_000);
        const small = await vscode.commands.executeCommand<Result | undefined>('gflownet.validate', uri);
        assert(small?.summary, 'validation returned a summary');
        assert(!small.summary.complete, 'with a budget of 10 the DAG is incomplete');
        assert(small.summary.states <= 10, `at most 10 states explored, got ${small.summary.states}`);
        assert(small.summary.logZ === null, `no exact log Z, got ${small.summary.logZ}`);
        const info = gfnDiagnostics(uri).find((d) => codeOf(d) === 'state-budget-exceeded');
        assert(info, `a state-budget-exceeded diagnostic, got ${gfnDiagnostics(uri).map(codeOf).join(', ')}`);
        assert(info.severity === vscode.DiagnosticSeverity.Information, 'it is information, not an error');
        assert(/10 states/.test(info.message), `it names the budget: ${info.message}`);
        assert(/Raise the budget \(the setting gflownet\.stateBudget\)/.test(info.message), `it names the setting, not the CLI's flag: ${info.message}`);
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
        const titles = lenses.filter((l) => l.command?.command.startsWith('gflownet.')).map((l) => l.command!.title);
        assert(titles.some((t) => t.includes('state budget reached: Z unknown')), `the CodeLens says Z is unknown: ${titles.join(' | ')}`);
        assert(!titles.some((t) => t.includes('Z = 12')), `the CodeLens no longer claims Z = 12: ${titles.join(' | ')}`);

        await setSetting('stateBudget', undefined);
        await waitFor('the budget diagnostic to clear after the setting changed', () => (gfnDiagnostics(uri).some((d) => codeOf(d) === 'state-budget-exceeded') ? undefined : true), 10_000);
        const full = await vscode.commands.executeCommand<Result | undefined>('gflownet.validate', uri);
        assert(full?.summary?.complete, 'with the default budget the DAG is complete');
        assert(full.summary.states === 42, `42 states, got ${full.summary.states}`);
        assert(full.summary.logZ !== null && Math.abs(full.summary.logZ - Math.log(12)) < 1e-9, `log Z = log 12, got ${full.summary.logZ}`);
        assert(!gfnDiagnostics(uri).some((d) => codeOf(d) === 'state-budget-exceeded'), 'the budget diagnostic is gone');
        console.log(`  state budget 10: ${small.summary.states} states, CodeLens: ${titles.join(' | ')}`);
      } finally {
        await setSetting('stateBudget', undefined);
      }
    },
  },
];
