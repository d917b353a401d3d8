/** The viewer page: controls, the engine worker, headline cards and charts. */
import type { Results } from '../engine/results.ts';
import { drawAgency } from './charts/agency.ts';
import { drawCaseload } from './charts/caseload.ts';
import { drawCompare, type Side } from './charts/compare.ts';
import { drawMoney } from './charts/money.ts';
import { drawWaiting } from './charts/waiting.ts';
import { editsForB, editsNote } from './compare-edits.ts';
import { addExportButtons, download, handleChartExports, resultsJson, seriesBlob } from './exports.ts';
import { defaultScenario, readerFor, runnable, scenarioFiles } from './files.ts';
import { drawPanel, panelParams } from './panel.ts';
import { overriddenData, rawChain, withOverrides, type Override, type Param } from './params.ts';
import type { LastValues, RunRequest, WorkerReply } from './protocol.ts';
import { agencyRows, caseloadShape, headlineCards, moneyShape, npvText, waitingShape } from './shape.ts';
import { showTornado } from './tornado-view.ts';
import { hashToState, stateToHash } from './url.ts';

const files = scenarioFiles(import.meta.glob<string>('../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }));

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('run-form');
const picker = $<HTMLSelectElement>('scenario');
const upload = $<HTMLInputElement>('upload');
const seedInput = $<HTMLInputElement>('seed');
const repsInput = $<HTMLInputElement>('replications');
const runButton = $<HTMLButtonElement>('run');
const editor = $<HTMLTextAreaElement>('editor');
const progress = $<HTMLProgressElement>('progress');
const status = $<HTMLSpanElement>('status');
const errors = $<HTMLDivElement>('errors');
const errorText = $<HTMLPreElement>('error-text');
const results = $<HTMLElement>('results');
const paramFields = $<HTMLDivElement>('param-fields');
const shareLink = $<HTMLOutputElement>('share-link');
const comparePicker = $<HTMLSelectElement>('compare-with');

/** The parameter panel's overrides, in the CLI's --set form. */
let overrides: Override[] = [];
let lastResults: Results | undefined;

/** The name the editor's text is read as (problems are reported against it). */
let fileName = defaultScenario;

for (const f of runnable(files)) picker.add(new Option(f.replace(/^scenarios\//, ''), f, f === defaultScenario, f === defaultScenario));
for (const f of runnable(files)) comparePicker.add(new Option(f.replace(/^scenarios\//, ''), f));
const choose = (f: string): void => {
  fileName = f;
  editor.value = files[f] ?? '';
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
  const raw = rawChain(editor.value, fileName, reader());
  const base = panelParams(raw);
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
}

/** Applies one panel value; true when it differs from the file's. */
function setParam(p: Param, value: string): boolean {
  overrides = overrides.filter((o) => o.path !== p.path);
  const changed = value.trim() !== p.current;
  if (changed) overrides.push({ path: p.path, value: p.write(value) });
  updateUrl();
  compareHint();
  return changed;
}

/** Writes the page's state into the URL's hash (without a new history entry). */
function updateUrl(): void {
  const replications = Math.floor(Number(repsInput.value)) || 1;
  const compare = comparePicker.value || undefined;
  history.replaceState(null, '', stateToHash({ scenario: fileName, seed: seedInput.value.trim() || '1', replications, overrides, compare }));
}

/** Restores the view from the URL's hash and runs it; false if the hash names no bundled scenario. */
function restore(): boolean {
  const s = hashToState(location.hash);
  if (!s?.scenario || files[s.scenario] === undefined) return false;
  picker.value = s.scenario;
  choose(s.scenario);
  if (s.seed) seedInput.value = s.seed;
  if (s.replications) repsInput.value = String(s.replications);
  overrides = s.overrides ?? [];
  comparePicker.value = s.compare && files[s.compare] !== undefined ? s.compare : '';
  renderParams();
  form.requestSubmit();
  return true;
}

choose(picker.value);
picker.addEventListener('change', () => {
  choose(picker.value);
  updateUrl();
});
editor.addEventListener('change', renderParams);
seedInput.addEventListener('change', updateUrl);
comparePicker.addEventListener('change', () => {
  updateUrl();
  compareHint();
});
repsInput.addEventListener('change', updateUrl);
$('reset-params').addEventListener('click', () => {
  overrides = [];
  renderParams();
  updateUrl();
});
$('copy-link').addEventListener('click', () => {
  updateUrl();
  const edited = editor.value !== files[fileName];
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
  // Read as if it sat beside the bundled files, so `extends: unit-costs.yaml` resolves.
  fileName = `scenarios/${file.name}`;
  editor.value = await file.text();
  overrides = [];
  renderParams();
  status.textContent = `Opened ${file.name}.`;
});

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let runId = 0;
/** The run in flight is B of a comparison (A's side waits here until B's results arrive). */
let pendingA: Side | undefined;
let bName = '';
let bLabel = '';

worker.onmessage = (e: MessageEvent<WorkerReply>) => {
  const m = e.data;
  if (m.id !== runId) return;
  if (pendingA) return compareReply(m);
  if (m.type === 'progress') {
    progress.max = m.total;
    progress.value = m.done;
    status.textContent = `Running: ${m.done} of ${m.total} replications…`;
  } else if (m.type === 'invalid') {
    finish();
    errorText.textContent = m.problems;
    errors.hidden = false;
    results.classList.add('stale');
    status.textContent = 'The scenario has problems; see beside the editor. Results below are from the previous run.';
  } else if (m.type === 'failed') {
    finish();
    errorText.textContent = m.message;
    errors.hidden = false;
    status.textContent = 'The run failed.';
  } else {
    show(m.results);
    status.textContent = `Done: ${m.results.manifest.replications} replications in ${(m.ms / 1000).toFixed(1)} s.`;
    $('compare-figure').hidden = true;
    if (comparePicker.value && startCompare(m.results, m.last)) return;
    finish();
    document.body.dataset.state = 'done';
  }
};

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

/** Runs B with A's seed and replications (common random numbers) and A's shared edits; false if B cannot be started. */
function startCompare(a: Results, last: LastValues): boolean {
  const file = comparePicker.value;
  bName = file.replace(/^scenarios\//, '');
  const edits = bEdits(file);
  let load: { text: string; file: string; files: Record<string, string> };
  try {
    load = withOverrides(files[file] ?? '', file, files, readerFor(files), edits.applied);
  } catch (err) {
    errorText.textContent = `Comparison scenario ${bName}: ${err instanceof Error ? err.message : String(err)}`;
    errors.hidden = false;
    return false;
  }
  // Names say what each side ran with, so an exported chart carries it too.
  pendingA = { name: `${a.manifest.scenario}${overrides.length ? ' + panel edits' : ''}`, results: a, last };
  bLabel = edits.applied.length ? " + A's shared edits" : '';
  $('compare-note').textContent = edits.note;
  runId += 1;
  const req: RunRequest = { type: 'run', id: runId, text: load.text, file: load.file, files: load.files, seed: a.manifest.seed, replications: a.manifest.replications };
  status.textContent = `Running B (${bName}) on the same seed and replications…`;
  worker.postMessage(req);
  return true;
}

function compareReply(m: WorkerReply): void {
  const a = pendingA!;
  if (m.type === 'progress') {
    progress.max = m.total;
    progress.value = m.done;
    status.textContent = `Running B (${bName}): ${m.done} of ${m.total} replications…`;
    return;
  }
  pendingA = undefined;
  finish();
  if (m.type === 'results') {
    $('compare-figure').hidden = false;
    drawCompare($('chart-compare'), a, { name: `${m.results.manifest.scenario}${bLabel}`, results: m.results, last: m.last });
    for (const host of $('chart-compare').querySelectorAll<HTMLElement>('.chart-host')) addExportButtons(host);
    status.textContent = `Done: A and B, ${m.results.manifest.replications} replications each on common random numbers, B in ${(m.ms / 1000).toFixed(1)} s.`;
  } else {
    errorText.textContent = `Comparison scenario ${bName}: ${m.type === 'invalid' ? m.problems : m.message}`;
    errors.hidden = false;
    status.textContent = 'A ran; the comparison scenario B could not be run.';
  }
  document.body.dataset.state = 'done';
}
worker.onerror = (e) => {
  finish();
  errorText.textContent = `The engine worker failed: ${e.message}`;
  errors.hidden = false;
};

function finish(): void {
  runButton.disabled = false;
  document.body.dataset.state = 'idle';
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const replications = Math.floor(Number(repsInput.value));
  if (!Number.isFinite(replications) || replications < 1) {
    errorText.textContent = 'Replications must be a whole number, 1 or more.';
    errors.hidden = false;
    repsInput.focus();
    return;
  }
  let load: { text: string; file: string; files: Record<string, string> };
  try {
    load = withOverrides(editor.value, fileName, files, reader(), overrides);
  } catch (err) {
    errorText.textContent = err instanceof Error ? err.message : String(err);
    errors.hidden = false;
    return;
  }
  errors.hidden = true;
  runButton.disabled = true;
  progress.value = 0;
  document.body.dataset.state = 'running';
  runId += 1;
  pendingA = undefined;
  const req: RunRequest = { type: 'run', id: runId, text: load.text, file: load.file, files: load.files, seed: seedInput.value.trim() || '1', replications };
  worker.postMessage(req);
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

function show(r: Results): void {
  lastResults = r;
  results.hidden = false;
  const last = r.waiting.total.mean.length - 1;
  // Figures the browser tests read.
  $('run-data').textContent = JSON.stringify({
    waitingLast: r.waiting.total.mean[last],
    pvCosts: r.economics?.summary.pvCosts.mean ?? null,
    pvBenefits: r.economics?.summary.pvBenefits.mean ?? null,
    programmeCosts: r.economics?.byAgency.programme?.costs.mean ?? null,
    npv: r.economics?.summary.npv.mean ?? null,
  });
  results.classList.remove('stale');
  const m = r.manifest;
  $('run-meta').textContent = `${m.scenario} · seed ${m.seed} · ${m.replications} replications · ${m.horizonYears} years · casecast ${m.version} · scenario sha256 ${m.sha256.slice(0, 12)}. Mean and 95% interval across replications.`;
  const cards = $('cards');
  cards.replaceChildren();
  for (const c of headlineCards(r)) {
    const card = document.createElement('article');
    card.className = 'card';
    card.dataset.card = c.key;
    card.append(el('h3', '', c.title), el('p', 'value', c.value), el('p', 'interval', ...unbroken(c.interval)), el('p', 'reading', c.reading));
    cards.append(card);
  }
  // The NPV exactly as the CLI prints it, for comparison and for tests.
  const npv = document.createElement('p');
  npv.className = 'cli-line';
  const npvOut = document.createElement('output');
  npvOut.id = 'npv-cli';
  npvOut.textContent = npvText(r);
  npv.append('Net present value, as the CLI prints it: ', npvOut);
  if (r.economics) cards.append(npv);

  drawCaseload($('chart-caseload'), caseloadShape(r));
  drawWaiting($('chart-waiting'), waitingShape(r));
  const moneyFigure = $('money-figure');
  moneyFigure.hidden = !r.economics;
  if (r.economics) drawMoney($('chart-money'), moneyShape(r.economics));
  const agencyFigure = $('agency-figure');
  agencyFigure.hidden = !r.economics;
  if (r.economics) drawAgency($('chart-agency'), agencyRows(r.economics));
  for (const host of results.querySelectorAll<HTMLElement>('.chart-host')) addExportButtons(host);
}

const stem = (): string => (fileName.split('/').pop() ?? 'scenario').replace(/\.(ya?ml|json)$/, '');
results.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('button');
  if (!b || !lastResults) return;
  if (b.dataset.export === 'json') download(`${stem()}-results.json`, resultsJson(lastResults));
  else if (b.dataset.export === 'csv') download(`${stem()}-series.csv`, seriesBlob(lastResults));
});
const tornado = showTornado();
handleChartExports(
  document.body,
  (host) => (host.dataset.chart === 'tornado' ? tornado.exportName() : `${stem()}-${host.dataset.chart}`),
  (message) => (status.textContent = message),
);

restore();
