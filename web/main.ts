/** The viewer page: controls, the engine worker, headline cards and charts. */
import type { Results } from '../engine/results.ts';
import { drawCaseload } from './charts/caseload.ts';
import { drawMoney } from './charts/money.ts';
import { drawWaiting } from './charts/waiting.ts';
import { defaultScenario, runnable, scenarioFiles } from './files.ts';
import type { RunRequest, WorkerReply } from './protocol.ts';
import { caseloadShape, headlineCards, moneyShape, npvText, waitingShape } from './shape.ts';

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

/** The name the editor's text is read as (problems are reported against it). */
let fileName = defaultScenario;

for (const f of runnable(files)) picker.add(new Option(f.replace(/^scenarios\//, ''), f, f === defaultScenario, f === defaultScenario));
const choose = (f: string): void => {
  fileName = f;
  editor.value = files[f] ?? '';
};
choose(picker.value);
picker.addEventListener('change', () => choose(picker.value));
upload.addEventListener('change', async () => {
  const file = upload.files?.[0];
  if (!file) return;
  // Read as if it sat beside the bundled files, so `extends: unit-costs.yaml` resolves.
  fileName = `scenarios/${file.name}`;
  editor.value = await file.text();
  status.textContent = `Opened ${file.name}.`;
});

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let runId = 0;

worker.onmessage = (e: MessageEvent<WorkerReply>) => {
  const m = e.data;
  if (m.id !== runId) return;
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
    finish();
    show(m.results);
    status.textContent = `Done: ${m.results.manifest.replications} replications in ${(m.ms / 1000).toFixed(1)} s.`;
    document.body.dataset.state = 'done';
  }
};
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
  errors.hidden = true;
  runButton.disabled = true;
  progress.value = 0;
  document.body.dataset.state = 'running';
  runId += 1;
  const req: RunRequest = { type: 'run', id: runId, text: editor.value, file: fileName, files, seed: seedInput.value.trim() || '1', replications };
  worker.postMessage(req);
});

function show(r: Results): void {
  results.hidden = false;
  results.classList.remove('stale');
  const m = r.manifest;
  $('run-meta').textContent = `${m.scenario} · seed ${m.seed} · ${m.replications} replications · ${m.horizonYears} years · casecast ${m.version} · scenario sha256 ${m.sha256.slice(0, 12)}. Mean and 95% interval across replications.`;
  const cards = $('cards');
  cards.replaceChildren();
  for (const c of headlineCards(r)) {
    const card = document.createElement('article');
    card.className = 'card';
    card.dataset.card = c.key;
    card.innerHTML = '<h3></h3><p class="value"></p><p class="interval"></p><p class="reading"></p>';
    card.querySelector('h3')!.textContent = c.title;
    card.querySelector('.value')!.textContent = c.value;
    card.querySelector('.interval')!.textContent = c.interval;
    card.querySelector('.reading')!.textContent = c.reading;
    cards.append(card);
  }
  // The NPV exactly as the CLI prints it, for comparison and for tests.
  const npv = document.createElement('p');
  npv.className = 'cli-line';
  npv.innerHTML = 'Net present value, as the CLI prints it: <output id="npv-cli"></output>';
  npv.querySelector('output')!.textContent = npvText(r);
  if (r.economics) cards.append(npv);

  drawCaseload($('chart-caseload'), caseloadShape(r));
  drawWaiting($('chart-waiting'), waitingShape(r));
  const moneyFigure = $('money-figure');
  moneyFigure.hidden = !r.economics;
  if (r.economics) drawMoney($('chart-money'), moneyShape(r.economics));
}
