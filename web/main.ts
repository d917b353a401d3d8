/** The viewer page: controls, the engine worker, headline cards and charts. */
import type { Results } from '../engine/results.ts';
import { drawAgency } from './charts/agency.ts';
import { drawCaseload } from './charts/caseload.ts';
import { drawCompare, type Side } from './charts/compare.ts';
import { drawCounts, drawStaff, drawStage, type StageLines } from './charts/dynamics.ts';
import { numbersTable } from './charts/common.ts';
import { drawMoney } from './charts/money.ts';
import { drawNpvDraws } from './charts/npv-draws.ts';
import { drawPaybackDraws } from './charts/payback-draws.ts';
import { drawTiers } from './charts/tiers.ts';
import { drawUtilisation } from './charts/utilisation.ts';
import { drawWaiting } from './charts/waiting.ts';
import { editsForB, editsNote } from './compare-edits.ts';
import { addExportButtons, download, handleChartExports, resultsJson, seriesBlob } from './exports.ts';
import { defaultScenario, fileText, readerFor, runnable, scenarioFiles } from './files.ts';
import { fileSizeProblem, linkProblems, REPLICATIONS, SCENARIO_MAX_BYTES, settingsProblems } from './inputs.ts';
import { drawPanel, panelParams } from './panel.ts';
import { override, overrideText, type Override } from '../engine/model/overrides.ts';
import { fixedByPanel, overriddenData, rawChain, withOverrides, type Param } from './params.ts';
import { viewerPaper } from '../present/paper.ts';
import { countSeries, dynamicsTables, stageSeries, staffSeries, type FrontDoorStage } from '../present/dynamics.ts';
import type { HelpersMessage, LastValues, RunRequest, WarmRequest, WorkerReply } from './protocol.ts';
import { isMap } from '../engine/model/raw.ts';
import {
  agencyRows,
  bandWords,
  caseloadShape,
  costRows,
  drawChartsNote,
  headlineCards,
  intervalNotes,
  metaText,
  moneyShape,
  npvDrawsShape,
  npvText,
  money,
  num,
  paybackDrawsShape,
  sizeWords,
  utilisationShape,
  waitingShape,
  yearRows,
} from './shape.ts';
import { estimate } from '../present/format.ts';
import { sizesText, viewerSizes } from './sizes.ts';
import { showEvppi } from './evppi-view.ts';
import { showTornado } from './tornado-view.ts';
import { unfinished } from './unfinished.ts';
import { hashToState, stateToHash } from './url.ts';

/**
 * The bundled files: the scenarios, and every CSV under scenarios/ (a
 * scenario's uncertainty section may name a calibration's posterior sample,
 * e.g. calibration/liverpool-posterior.csv), which the worker reads as the
 * CLI reads them from disk.
 */
const files = scenarioFiles({
  ...import.meta.glob<string>('../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('../scenarios/**/*.csv', { query: '?raw', import: 'default', eager: true }),
});

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('run-form');
const picker = $<HTMLSelectElement>('scenario');
const upload = $<HTMLInputElement>('upload');
const seedInput = $<HTMLInputElement>('seed');
const repsInput = $<HTMLInputElement>('replications');
const fixedInput = $<HTMLInputElement>('fixed');
const repsHint = $<HTMLParagraphElement>('replications-hint');
const runButton = $<HTMLButtonElement>('run');
const cancelButton = $<HTMLButtonElement>('cancel');
const editor = $<HTMLTextAreaElement>('editor');
const progress = $<HTMLProgressElement>('progress');
const status = $<HTMLSpanElement>('status');
const errors = $<HTMLDivElement>('errors');
const errorText = $<HTMLPreElement>('error-text');
const errorsTitle = $<HTMLHeadingElement>('errors-title');
const results = $<HTMLElement>('results');
const paramFields = $<HTMLDivElement>('param-fields');
const shareLink = $<HTMLOutputElement>('share-link');
const comparePicker = $<HTMLSelectElement>('compare-with');
const editorFold = $<HTMLDetailsElement>('editor-fold');
repsInput.min = String(REPLICATIONS.min);
repsInput.max = String(REPLICATIONS.max);

/** Marks the run settings a check refused (and clears the others). */
function markInvalid(fields: ReadonlyArray<'replications' | 'seed'>): void {
  repsInput.toggleAttribute('aria-invalid', fields.includes('replications'));
  seedInput.toggleAttribute('aria-invalid', fields.includes('seed'));
}

/** Shows problems beside the editor under `title` (the loader's, or the settings' and a link's). */
function showProblems(text: string, title = 'This scenario has problems'): void {
  errorsTitle.textContent = title;
  errorText.textContent = text;
  errors.hidden = false;
  editorFold.open = true;
}

/** A finished run leads with its answer: the editor folds away (its summary opens it again) and the results scroll into view. */
function leadWithResults(): void {
  editorFold.open = false;
  results.scrollIntoView({ block: 'start' });
}

/** The parameter panel's overrides, in the CLI's --set form. */
let overrides: Override[] = [];
let lastResults: Results | undefined;
/** The editor's scenario (through extends) has an uncertainty section, as far as the page can tell before the worker loads it. */
let uncertainHere = false;

let warmTimer: ReturnType<typeof setTimeout> | undefined;

/** The name the editor's text is read as (problems are reported against it). */
let fileName = defaultScenario;

for (const f of runnable(files)) picker.add(new Option(f.replace(/^scenarios\//, ''), f, f === defaultScenario, f === defaultScenario));
for (const f of runnable(files)) comparePicker.add(new Option(f.replace(/^scenarios\//, ''), f));
const choose = (f: string): void => {
  fileName = f;
  editor.value = fileText(files, f) ?? '';
  overrides = [];
  renderParams();
};
const reader = () => readerFor({ ...files, [fileName]: editor.value });

const panelHosts = {
  fields: paramFields,
  unitCosts: $<HTMLDetailsElement>('unit-costs'),
  unitCostFields: $<HTMLDivElement>('unit-cost-fields'),
  unitCostCount: $<HTMLSpanElement>('unit-cost-count'),
};
/** The panel's labels by path, for notes that name an edit. */
let labels = new Map<string, string>();

/** Draws the panel: one labelled input per key parameter, showing the value the run will use. */
function renderParams(): void {
  // Text pasted past the size limit is not parsed on the page; Run gets the loader's size message from the worker.
  const raw = editor.value.length > SCENARIO_MAX_BYTES ? null : rawChain(editor.value, fileName, reader());
  const base = panelParams(raw);
  uncertainHere = isMap(raw) && raw.uncertainty !== undefined && raw.uncertainty !== null;
  repsHintShown();
  const now = new Map(panelParams(overriddenData(raw, overrides)).map((p) => [p.path, p.current]));
  overrides = overrides.filter((o) => base.some((p) => p.path === o.path));
  labels = new Map(base.map((p) => [p.path, p.label]));
  drawPanel(
    panelHosts,
    base,
    (p) => {
      const o = overrides.find((x) => x.path === p.path);
      return { value: o ? (now.get(p.path) ?? o.value) : p.current, changed: o !== undefined };
    },
    setParam,
  );
  compareHint();
  warmSoon(warmTimer === undefined ? 0 : undefined); // at once when the page opens
}

/** What the replications will be: the total, shared among parameter draws of 5 unless the run is the point estimate alone. */
function repsHintShown(): void {
  const n = Number(repsInput.value);
  if (!Number.isInteger(n) || n < 1) {
    repsHint.textContent = 'Replications in all: over parameter draws they are shared among draws of 5.';
    return;
  }
  const sizes = viewerSizes(uncertainHere, fixedInput.checked, n);
  if ('problem' in sizes) repsHint.textContent = `${sizes.problem}.`;
  else if (!sizes.fixed) repsHint.textContent = `Replications in all, shared among parameter draws of 5: ${sizesText(sizes)}.`;
  else repsHint.textContent = uncertainHere ? `${sizesText(sizes)}: Monte Carlo error only.` : `${sizesText(sizes)}: this scenario has no uncertainty section, so there are no parameter draws.`;
}

/** Applies one panel value; true when it differs from the file's. */
function setParam(p: Param, value: string): boolean {
  overrides = overrides.filter((o) => o.path !== p.path);
  const changed = value.trim() !== p.current;
  if (changed) overrides.push(override(p.path, p.write(value)));
  updateUrl();
  compareHint();
  return changed;
}

/** Writes the page's state into the URL's hash (without a new history entry). */
function updateUrl(): void {
  const replications = Math.floor(Number(repsInput.value)) || 1;
  const compare = comparePicker.value || undefined;
  history.replaceState(null, '', stateToHash({ scenario: fileName, seed: seedInput.value.trim() || '1', replications, fixed: fixedInput.checked, overrides, compare }));
}

const panelPaths = (scenario: string): Set<string> =>
  new Set(panelParams(rawChain(fileText(files, scenario) ?? '', scenario, readerFor(files))).map((p) => p.path));

/**
 * Restores the view from the URL's hash and runs it, after the checks the
 * form's own settings get: a link with any problem shows them, with what it
 * could of its settings, and runs nothing. Nor does a link whose last run in
 * this tab did not finish (cancelled, or reloaded while it ran).
 */
function restore(): void {
  const link = hashToState(location.hash);
  if (!link) return;
  const { problems, overrides: linked } = linkProblems(link, { runnable: runnable(files), panelPaths });
  if (link.scenario !== undefined && runnable(files).includes(link.scenario)) {
    picker.value = link.scenario;
    choose(link.scenario);
  }
  if (link.seed !== undefined) seedInput.value = link.seed;
  if (link.replications !== undefined) repsInput.value = link.replications;
  fixedInput.checked = link.fixed === '1';
  overrides = linked;
  comparePicker.value = link.compare !== undefined && runnable(files).includes(link.compare) ? link.compare : '';
  renderParams();
  results.classList.toggle('stale', !results.hidden);
  markInvalid(settingsProblems({ seed: seedInput.value, replications: repsInput.value }).map((p) => p.field));
  if (problems.length) {
    showProblems(problems.join('\n'), 'This link was not run: its settings are outside what the viewer accepts');
    status.textContent = `The link was not run: ${problems.length === 1 ? 'one setting is' : `${problems.length} settings are`} refused; see beside the editor.`;
    document.body.dataset.state = 'refused';
    return;
  }
  if (unfinished.is(location.hash)) {
    errors.hidden = true;
    status.textContent = "This link's last run in this tab did not finish (it was cancelled, or the page was closed while it ran), so it was not started again. Press Run to run it.";
    document.body.dataset.state = 'held';
    return;
  }
  form.requestSubmit();
}

choose(picker.value);
picker.addEventListener('change', () => {
  choose(picker.value);
  updateUrl();
});
editor.addEventListener('change', renderParams);
editor.addEventListener('input', () => warmSoon());
seedInput.addEventListener('change', updateUrl);
seedInput.addEventListener('input', () => warmSoon());
comparePicker.addEventListener('change', () => {
  updateUrl();
  compareHint();
});
repsInput.addEventListener('change', updateUrl);
repsInput.addEventListener('input', () => {
  repsHintShown();
  warmSoon();
});
fixedInput.addEventListener('change', () => {
  repsHintShown();
  warmSoon();
  updateUrl();
});
$('reset-params').addEventListener('click', () => {
  overrides = [];
  renderParams();
  updateUrl();
});
$('copy-link').addEventListener('click', () => {
  updateUrl();
  const edited = editor.value !== fileText(files, fileName);
  shareLink.value = edited ? 'Link copied; it does not include edits to the file text.' : 'Link copied.';
  shareLink.dataset.href = location.href;
  const manual = (): void => void (shareLink.value = `Copy this link: ${location.href}`);
  if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(manual);
  else manual();
});
window.addEventListener('hashchange', restore);
upload.addEventListener('change', async () => {
  const file = upload.files?.[0];
  if (!file) return;
  // Said at once, before reading: a large file would hold the page while it is read.
  const big = fileSizeProblem(file, SCENARIO_MAX_BYTES, 'scenario files');
  if (big) {
    showProblems(`${big}. Scenario files hold parameters, not data: keep large tables elsewhere, or split the file with extends.`, 'This file was not opened');
    status.textContent = `${file.name} was not opened: it is too large.`;
    upload.value = '';
    return;
  }
  // Read as if it sat beside the bundled files, so `extends: unit-costs.yaml` resolves.
  fileName = `scenarios/${file.name}`;
  editor.value = await file.text();
  overrides = [];
  renderParams();
  status.textContent = `Opened ${file.name}.`;
});

/**
 * The engine worker, and its helpers (web/replicator.ts) that replicate
 * chunks of its runs on the machine's other cores (up to 4 threads in all).
 * Cancel terminates them all (a replication cannot be interrupted from
 * outside, and terminating frees all they hold) and starts fresh ones for
 * the next run.
 */
const THREADS = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
let helpers: Worker[] = [];
let worker = startWorker();
let runId = 0;
/** The run in flight is B of a comparison (A's side waits here until B's results arrive). */
let pendingA: Side | undefined;
let bName = '';
let bLabel = '';

function startWorker(): Worker {
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<WorkerReply>) => reply(e.data);
  const failed = (e: ErrorEvent): void => {
    finish();
    unfinished.ended();
    showProblems(`The engine worker failed: ${e.message}`, 'The run failed');
  };
  w.onerror = failed;
  helpers = Array.from({ length: THREADS - 1 }, () => {
    const h = new Worker(new URL('./replicator.ts', import.meta.url), { type: 'module' });
    h.onerror = failed;
    return h;
  });
  const ports = helpers.map((h) => {
    const { port1, port2 } = new MessageChannel();
    h.postMessage({ type: 'port', port: port2 }, [port2]);
    return port1;
  });
  w.postMessage({ type: 'helpers', ports } satisfies HelpersMessage, ports);
  return w;
}

/**
 * Asks the engine to warm up on the editor's scenario (worker.ts warm), a
 * moment after the last change, while no run is in flight (a warm-up
 * request would supersede it). It changes no result.
 */
function warmSoon(delay = 300): void {
  clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    if (runButton.disabled) return;
    try {
      const load = withOverrides(editor.value, fileName, files, reader(), overrides);
      worker.postMessage({ type: 'warm', text: load.text, file: load.file, files: load.files, seed: seedInput.value.trim() || '1', replications: Number(repsInput.value), fixed: fixedInput.checked } satisfies WarmRequest);
    } catch {
      // The run reports the problem.
    }
  }, delay);
}

/** Posts a run to the worker: the Run button is held and Cancel offered until it ends. */
function post(req: RunRequest): void {
  runButton.disabled = true;
  cancelButton.hidden = false;
  worker.postMessage(req);
}

function progressShown(m: { phase: 'draws' | 'replications'; done: number; total: number }, label: string): void {
  progress.max = m.total;
  progress.value = m.done;
  status.textContent = m.phase === 'draws' ? `Preparing parameter draws${label}: ${m.done} of ${m.total}…` : `Running${label}: ${m.done} of ${m.total} replications…`;
}

function reply(m: WorkerReply): void {
  if (m.id !== runId) return;
  if (pendingA) return compareReply(m);
  if (m.type === 'progress') return progressShown(m, '');
  if (m.type !== 'results') {
    finish();
    unfinished.ended();
    results.classList.add('stale');
    if (m.type === 'failed') {
      showProblems(m.message, 'The run failed');
      status.textContent = 'The run failed.';
      return;
    }
    if (m.type === 'settings') {
      markInvalid(['replications']);
      showProblems(m.problems, 'These settings cannot be run');
      status.textContent = 'Nothing was run: the replications do not fit this scenario’s parameter draws; see beside the editor. Results below are from the previous run.';
      return;
    }
    showProblems(m.problems, m.type === 'too-big' ? 'This run is too big for the viewer, so nothing was run' : undefined);
    status.textContent = `The scenario ${m.type === 'too-big' ? 'would run beyond the limits' : 'has problems'}; see beside the editor. Results below are from the previous run.`;
    return;
  }
  show(m.results, m.uncertain, editor.value.length > SCENARIO_MAX_BYTES ? [] : fixedByPanel(rawChain(editor.value, fileName, reader()), overrides), m.stages ?? []);
  status.textContent = `Done: ${sizeWords(m.results.manifest)} in ${(m.ms / 1000).toFixed(1)} s.`;
  leadWithResults();
  $('compare-figure').hidden = true;
  if (comparePicker.value && startCompare(m.results, m.last)) return;
  finish();
  unfinished.ended();
  document.body.dataset.state = 'done';
}

cancelButton.addEventListener('click', () => {
  worker.terminate();
  for (const h of helpers) h.terminate();
  worker = startWorker();
  runId += 1;
  const wasB = pendingA !== undefined;
  pendingA = undefined;
  finish();
  // The link stays marked unfinished, so a reload does not start it again.
  results.classList.toggle('stale', !results.hidden && !wasB);
  status.textContent = wasB ? `Cancelled the run of B (${bName}); A's results are shown.` : 'Cancelled: nothing more is running. Results below, if any, are from the previous run.';
  document.body.dataset.state = 'cancelled';
  runButton.focus();
});

/** A's edits that B takes (shared assumptions only; see compare-edits.ts), and the note saying so. */
function bEdits(file: string): { applied: Override[]; note: string } {
  const read = readerFor(files);
  const e = editsForB(overrides, panelParams(rawChain(files[file] ?? '', file, read)));
  return { applied: e.applied, note: editsNote(e, (path) => labels.get(path) ?? path) };
}

/** The one-line note under "Compare with": what B will run with. */
function compareHint(): void {
  const file = comparePicker.value;
  $('compare-hint').textContent = file ? bEdits(file).note : "B runs on A's seed and replications, with A's edits to unit costs, discount rate and horizon.";
}

/** Whether A ran at the point estimate only: B runs the same way. */
let aFixed = false;

/** Runs B with A's seed and replications (common random numbers) and A's shared edits; false if B cannot be started. */
function startCompare(a: Results, last: LastValues): boolean {
  const file = comparePicker.value;
  bName = file.replace(/^scenarios\//, '');
  const edits = bEdits(file);
  let load: { text: string; file: string; files: Record<string, string> };
  try {
    load = withOverrides(fileText(files, file) ?? '', file, files, readerFor(files), edits.applied);
  } catch (err) {
    showProblems(`Comparison scenario ${bName}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  // Names say what each side ran with, so an exported chart carries it too.
  pendingA = { name: `${a.manifest.scenario}${overrides.length ? ' + panel edits' : ''}`, results: a, last };
  bLabel = edits.applied.length ? " + A's shared edits" : '';
  $('compare-note').textContent = edits.note;
  runId += 1;
  status.textContent = `Running B (${bName}) on the same seed and replications…`;
  post({ type: 'run', id: runId, text: load.text, file: load.file, files: load.files, seed: a.manifest.seed, replications: a.manifest.replications, fixed: aFixed });
  return true;
}

function compareReply(m: WorkerReply): void {
  const a = pendingA!;
  if (m.type === 'progress') return progressShown(m, ` B (${bName})`);
  pendingA = undefined;
  finish();
  unfinished.ended();
  if (m.type === 'results') {
    $('compare-figure').hidden = false;
    drawCompare($('chart-compare'), a, { name: `${m.results.manifest.scenario}${bLabel}`, results: m.results, last: m.last });
    for (const host of $('chart-compare').querySelectorAll<HTMLElement>('.chart-host')) addExportButtons(host);
    // Pairs are replication indices either way; when only one side runs over parameter draws, its differences carry that side's parameter uncertainty too.
    const drawnA = a.results.uncertainty !== undefined;
    const drawnB = m.results.uncertainty !== undefined;
    if (drawnA !== drawnB) $('compare-note').append(` ${drawnA ? 'A' : 'B'} runs over parameter draws and ${drawnA ? 'B' : 'A'} at its point estimate (it has no uncertainty section), so the paired differences carry ${drawnA ? "A's" : "B's"} parameter uncertainty as well as chance.`);
    status.textContent = `Done: A and B, ${sizeWords(m.results.manifest)} each on common random numbers, B in ${(m.ms / 1000).toFixed(1)} s.`;
  } else {
    showProblems(`Comparison scenario ${bName}: ${m.type === 'failed' ? m.message : m.problems}`, m.type === 'too-big' ? 'B is too big for the viewer, so it was not run' : undefined);
    status.textContent = 'A ran; the comparison scenario B could not be run.';
  }
  document.body.dataset.state = 'done';
}

function finish(): void {
  runButton.disabled = false;
  cancelButton.hidden = true;
  document.body.dataset.state = 'idle';
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  // The same checks a shared link gets (inputs.ts), so neither runs what the other refuses.
  const refused = settingsProblems({ seed: seedInput.value, replications: repsInput.value });
  markInvalid(refused.map((p) => p.field));
  if (refused.length) {
    showProblems(refused.map((p) => p.message).join('\n'), 'These settings cannot be run');
    status.textContent = 'Nothing was run: a setting is out of range; see beside the editor.';
    (refused[0].field === 'replications' ? repsInput : seedInput).focus();
    return;
  }
  let load: { text: string; file: string; files: Record<string, string> };
  try {
    load = withOverrides(editor.value, fileName, files, reader(), overrides);
  } catch (err) {
    showProblems(err instanceof Error ? err.message : String(err));
    return;
  }
  errors.hidden = true;
  progress.value = 0;
  document.body.dataset.state = 'running';
  runId += 1;
  pendingA = undefined;
  updateUrl();
  unfinished.started(location.hash);
  aFixed = fixedInput.checked;
  post({ type: 'run', id: runId, text: load.text, file: load.file, files: load.files, seed: seedInput.value.trim() || '1', replications: Number(repsInput.value), fixed: aFixed });
});

/** An element with a class and its content as text nodes: nothing shown on the page is parsed as HTML. */
function el(tag: string, className: string, ...content: Array<string | Node>): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.append(...content);
  return e;
}

/** Text with each signed figure kept on one line: a line may break between "−" and "£3.17m" otherwise. */
function unbroken(text: string): Node[] {
  return text.split(/(−\S+)/).map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const span = document.createElement('span');
    span.className = 'nowrap';
    span.textContent = part;
    return span;
  });
}

/** A table of rows of text, with a caption: every cell set as text. */
function textTable(className: string, caption: string, head: readonly string[], cols: readonly string[], rows: ReadonlyArray<{ key: string; cells: Array<string | Node[]> }>): HTMLTableElement {
  const table = numbersTable(className, caption, head);
  const body = table.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    row.dataset.row = r.key;
    r.cells.forEach((c, i) => {
      const td = row.insertCell();
      td.dataset.col = cols[i];
      td.append(...(typeof c === 'string' ? unbroken(c) : c));
    });
  }
  return table;
}

/** Panel edits to fields the run's parameter draws set: a draw's value replaces the edit, as with the CLI's --set. */
/** `uncertain`: the scenario has an uncertainty section (so a run at the point estimate could have run over draws). */
/** `stages`: the scenario's front-door stages, which the results hold as states but do not name as stages. */
function show(r: Results, uncertain: boolean, fixedByEdits: readonly string[] = [], stages: readonly FrontDoorStage[] = []): void {
  lastResults = r;
  results.hidden = false;
  const last = r.waiting.total.mean.length - 1;
  const u = r.uncertainty;
  // Figures the browser tests read.
  $('run-data').textContent = JSON.stringify({
    waitingLast: r.waiting.total.mean[last],
    pvCosts: r.economics?.summary.pvCosts.mean ?? null,
    pvBenefits: r.economics?.summary.pvBenefits.mean ?? null,
    programmeCosts: r.economics?.byAgency.programme?.costs.mean ?? null,
    npv: r.economics?.summary.npv.mean ?? null,
    replications: r.manifest.replications,
    draws: r.manifest.draws ?? null,
    replicationsPerDraw: r.manifest.replicationsPerDraw ?? null,
    intervals: r.intervals.kind,
    headlineNpv: u?.headline.npv ?? null,
    probNpvPositive: u?.probNpvPositive ?? null,
    paybackByYear: u?.paybackByYear ?? null,
    dynamics: Object.keys(r.dynamics ?? {}),
    stages: stages.map((s) => s.stage),
  });
  results.classList.remove('stale');
  $('run-meta').textContent = metaText(r);

  // What the intervals mean, before the figures that carry them.
  const notes = $('interval-notes');
  notes.replaceChildren();
  for (const n of intervalNotes(r, uncertain)) {
    const p = el('p', `interval-note ${n.kind}`, n.text);
    p.dataset.note = n.kind;
    notes.append(p);
  }
  if (r.uncertainty && fixedByEdits.length) {
    const n = fixedByEdits.length;
    const p = el('p', 'interval-note drawn-edits', `The panel’s ${n === 1 ? 'edit fixes' : 'edits fix'} ${fixedByEdits.join(', ')}: a value set is a decision, so ${n === 1 ? 'it is' : 'they are'} not drawn; every other uncertain figure is (as with the CLI’s --set).`);
    p.dataset.note = 'drawn-edits';
    notes.append(p);
  }

  const cards = $('cards');
  cards.replaceChildren();
  for (const c of headlineCards(r)) {
    const card = document.createElement('article');
    card.className = 'card';
    card.dataset.card = c.key;
    card.append(el('h3', '', c.title), el('p', 'value', c.value), el('p', 'interval', ...unbroken(c.interval)));
    if (c.chance) card.append(el('p', 'chance', ...unbroken(c.chance)));
    if (c.monteCarlo) card.append(el('p', 'monte-carlo', ...unbroken(c.monteCarlo)));
    card.append(el('p', 'reading', c.reading));
    cards.append(card);
  }
  // The NPV exactly as the CLI prints it, for comparison and for tests.
  const npv = document.createElement('p');
  npv.className = 'cli-line';
  const npvOut = document.createElement('output');
  npvOut.id = 'npv-cli';
  npvOut.textContent = npvText(r);
  npv.append('Net present value, as the CLI prints it: ', npvOut);
  // Below the answer charts, with the notes on the intervals: the first screen holds the cards and the caseload chart.
  if (r.economics) notes.prepend(npv);

  // Cost per outcome: the CLI's headline rows.
  const costs = costRows(r);
  const costHost = $('cost-table');
  costHost.replaceChildren();
  if (costs.length) {
    const drawn = u !== undefined;
    const head = drawn ? ['Cost per outcome', 'Expected', 'Uncertainty interval (90%)', 'Monte Carlo error (95%)'] : ['Cost per outcome', 'Mean', 'Monte Carlo error (95%)'];
    const rows = costs.map((c) => {
      const what: Node[] = [document.createTextNode(c.measure), el('span', 'what', c.reading)];
      return { key: c.key, cells: drawn ? [what, c.expected, c.uncertainty, c.monteCarlo] : [what, c.expected, c.monteCarlo] };
    });
    const cols = drawn ? ['measure', 'expected', 'uncertainty', 'monteCarlo'] : ['measure', 'expected', 'monteCarlo'];
    costHost.append(textTable('cost-per', 'Programme cost per outcome: cash cost at the price year, undiscounted, after optimism bias on costs.', head, cols, rows));
  }

  // The answer's spread: only for a run over draws with economics.
  const npvShape = npvDrawsShape(r);
  const paybackShape = paybackDrawsShape(r);
  $('npv-draws-figure').hidden = !npvShape;
  $('payback-draws-figure').hidden = !paybackShape;
  if (npvShape) drawNpvDraws($('chart-npv-draws'), npvShape);
  if (paybackShape) drawPaybackDraws($('chart-payback-draws'), paybackShape);
  const note = drawChartsNote(r, uncertain);
  const drawsNote = $('draws-note');
  drawsNote.hidden = note === undefined;
  drawsNote.textContent = note ?? '';

  const bands = bandWords(r);
  for (const span of results.querySelectorAll<HTMLElement>('.band-words')) span.textContent = bands;
  const caseload = caseloadShape(r);
  drawCaseload($('chart-caseload'), caseload, bands);
  drawTiers($('chart-tiers'), caseload, bands);
  const utilisation = utilisationShape(r);
  $('utilisation-figure').hidden = utilisation.services.length === 0;
  if (utilisation.services.length) drawUtilisation($('chart-utilisation'), utilisation);
  yearTable(r, bands);
  dynamicsView(r, stages, bands);
  drawWaiting($('chart-waiting'), waitingShape(r), bands);
  const moneyFigure = $('money-figure');
  moneyFigure.hidden = !r.economics;
  if (r.economics) drawMoney($('chart-money'), moneyShape(r.economics), bands);
  const agencyFigure = $('agency-figure');
  agencyFigure.hidden = !r.economics;
  if (r.economics) drawAgency($('chart-agency'), agencyRows(r.economics), bands);
  for (const host of results.querySelectorAll<HTMLElement>('.chart-host')) addExportButtons(host);
}

/** The year-by-year table: the figures at each year's end, and each year's cost and savings, with the run's intervals. */
function yearTable(r: Results, bands: string): void {
  const host = $('year-table');
  host.replaceChildren();
  const rows = yearRows(r);
  if (!rows.length) return;
  const econ = rows.some((y) => y.costs);
  const head = ['Year', 'Open cases', 'Weighted caseload', 'Staffed capacity', 'Waiting', ...(econ ? ['Costs', 'Savings'] : [])];
  const cols = ['year', 'open', 'weighted', 'capacity', 'waiting', ...(econ ? ['costs', 'savings'] : [])];
  const ppl = (v: number): string => num(v, 0);
  /** The mean, and its interval below it in small type. */
  const cell = (e: { mean: number; lo: number; hi: number } | undefined, f: (v: number) => string): Node[] => {
    if (!e || !Number.isFinite(e.mean)) return [document.createTextNode('–')];
    const all = estimate(e, f);
    const iv = all.slice(f(e.mean).length).trim();
    return [document.createTextNode(f(e.mean)), ...(iv ? [document.createTextNode(' '), el('span', 'iv', iv)] : [])];
  };
  const body = rows.map((y) => ({
    key: String(y.year),
    cells: [
      `year ${y.year}`,
      cell(y.openCases, ppl),
      cell(y.weighted, ppl),
      Number.isFinite(y.capacity) && y.capacity > 0 ? ppl(y.capacity) : '–',
      cell(y.waiting, ppl),
      ...(econ ? [cell(y.costs, money), cell(y.savings, money)] : []),
    ],
  }));
  const caption = `Year by year: people and places at each year's end; costs and savings in the year, undiscounted, after adjustment. Means, with the ${bands} below each.`;
  host.append(textTable('year-by-year', caption, head, cols, body));
}

/** The front-door stages of the run shown, for the stage picker. */
let stageLines: StageLines[] = [];
let stageT: number[] = [];
let stageBands = '95% interval';
const stagePicker = $<HTMLSelectElement>('front-door-stage');

function drawStageChart(): void {
  const s = stageLines.find((x) => x.stage === stagePicker.value) ?? stageLines[0];
  if (!s) return;
  const host = $('chart-front-door');
  drawStage(host, stageT, s, stageBands);
  addExportButtons(host);
}
stagePicker.addEventListener('change', drawStageChart);

/**
 * The programme's dynamics, when the run has them: the front-door stages
 * (one at a time, picked like a state), staff in post against the
 * establishment, contacts and referrals turned away per period, and the
 * CLI's tables of them by year (present/dynamics.ts).
 */
function dynamicsView(r: Results, stages: readonly FrontDoorStage[], bands: string): void {
  const t = r.series.t;
  stageLines = stageSeries(r, stages);
  stageT = t;
  stageBands = bands;
  const picked = stagePicker.value;
  stagePicker.replaceChildren(...stageLines.map((s) => new Option(s.stage, s.stage, false, s.stage === picked)));
  $('front-door-figure').hidden = stageLines.length === 0;
  drawStageChart();
  const staff = staffSeries(r);
  $('staff-figure').hidden = staff.length === 0;
  if (staff.length) drawStaff($('chart-staff'), t, staff, bands);
  const counts = countSeries(r);
  $('counts-figure').hidden = counts.length === 0;
  if (counts.length) drawCounts($('chart-counts'), t, counts, bands);
  const host = $('dynamics-tables');
  host.replaceChildren();
  for (const table of dynamicsTables(r, stages)) {
    const rows = table.rows.map((cells) => ({ key: cells[0], cells: [`year ${cells[0]}`, ...cells.slice(1)] }));
    const caption = `${table.title}.${table.note ? ` ${table.note}` : ''}${table.key === 'contacts' || table.key === 'demand' ? '' : ` Means, with the ${bands} in brackets.`}`;
    const t2 = textTable(`dynamics ${table.key}`, caption, table.head, table.head.map((h, i) => (i === 0 ? 'year' : h)), rows);
    t2.dataset.table = table.key;
    host.append(t2);
  }
}

const stem = (): string => (fileName.split('/').pop() ?? 'scenario').replace(/\.(ya?ml|json)$/, '');
results.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('button');
  if (!b || !lastResults) return;
  if (b.dataset.export === 'json') download(`${stem()}-results.json`, resultsJson(lastResults));
  else if (b.dataset.export === 'csv') download(`${stem()}-series.csv`, seriesBlob(lastResults));
});
// Board paper: web/paper.html, the document `casecast report` writes, sent this run's results once it is ready for them.
$('board-paper').addEventListener('click', () => {
  if (!lastResults) return;
  const paper = viewerPaper(lastResults, fileName, overrides.map(overrideText));
  const w = window.open('./paper.html', '_blank');
  const ready = (ev: MessageEvent): void => {
    if (ev.source !== w || ev.data?.type !== 'casecast-paper-ready') return;
    window.removeEventListener('message', ready);
    w?.postMessage({ type: 'casecast-paper-data', paper }, window.location.origin === 'null' ? '*' : window.location.origin);
  };
  window.addEventListener('message', ready);
});
const tornado = showTornado();
const evppi = showEvppi();
handleChartExports(
  document.body,
  (host) => (host.dataset.chart === 'tornado' ? tornado.exportName() : host.dataset.chart === 'evppi' ? evppi.exportName() : `${stem()}-${host.dataset.chart}`),
  (message) => (status.textContent = message),
);

restore();
