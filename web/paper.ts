/**
 * The board paper: the results of one run (and, with a comparison, its paired
 * differences) laid out for A4, drawn with the viewer's own cards and charts
 * (web/shape.ts, web/charts/*). The data comes either embedded in the page as
 * JSON in #paper-data (casecast report) or posted by the viewer that opened
 * this page ("Board paper"); it is only ever parsed and set as text.
 */
import { headlineCards, agencyRows, bandWords, caseloadShape, moneyShape, sizeWords, waitingShape, money } from './shape.ts';
import { intervalWords } from '../present/headline.ts';
import { answer, assumptions, compareRows, moneyColumns, moneyRows, question, shown, type PaperData } from '../present/paper.ts';
import { drawCaseload } from './charts/caseload.ts';
import { drawWaiting } from './charts/waiting.ts';
import { drawMoney } from './charts/money.ts';
import { drawAgency } from './charts/agency.ts';
import { dynamicsTables, frontDoorStages } from '../present/dynamics.ts';

/** The message the viewer posts to this page, and the one this page sends when it is ready for it. */
export const paperMessage = { ready: 'casecast-paper-ready', data: 'casecast-paper-data' } as const;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
};

function table(className: string, caption: string, head: readonly string[], rows: readonly (readonly string[])[], cellClasses: readonly string[] = []): HTMLTableElement {
  const t = el('table', `paper-table ${className}`);
  t.createCaption().textContent = caption;
  const hr = t.createTHead().insertRow();
  for (const h of head) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    hr.append(th);
  }
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    r.forEach((c, i) => {
      const td = tr.insertCell();
      td.textContent = c;
      if (cellClasses[i]) td.className = cellClasses[i];
    });
  }
  return t;
}

function figure(title: string, caption: string, chart: string): { fig: HTMLElement; host: HTMLDivElement } {
  const fig = el('figure', 'chart');
  const cap = el('figcaption');
  cap.append(el('h2', undefined, title), document.createTextNode(caption));
  const host = el('div', 'chart-host');
  host.dataset.chart = chart;
  fig.append(cap, host);
  return { fig, host };
}

/** A section of the paper; `keep` ones are short and kept on one page. */
function section(title: string, keep: boolean, ...children: Node[]): HTMLElement {
  const s = el('section', keep ? 'section keep' : 'section');
  s.append(el('h2', undefined, title), ...children);
  return s;
}

export function render(d: PaperData, main: HTMLElement): void {
  const r = d.results;
  const m = r.manifest;
  const bands = bandWords(r);
  document.title = `${m.scenario}: board paper`;
  main.replaceChildren();

  main.append(el('h1', undefined, `${m.scenario}: board paper`));
  main.append(el('p', 'subtitle', `${d.file} · ${Number(m.horizonYears)} years · ${sizeWords(m)} · seed ${m.seed}${d.sets.length ? ` · ${d.sets.length} change${d.sets.length === 1 ? '' : 's'} from the file` : ''}${d.compare ? ` · compared with ${d.compare.file}` : ''}`));

  const qa = el('div', 'qa');
  qa.append(el('p', 'question', question(r)), el('p', 'answer', answer(r)));
  main.append(qa);

  // The headline cards: the viewer's own (web/shape.ts headlineCards).
  const cards = el('div', 'cards');
  for (const c of headlineCards(r)) {
    const card = el('article', 'card');
    card.dataset.card = c.key;
    card.append(el('h3', undefined, c.title), el('p', 'value', c.value), el('p', 'interval', c.interval));
    if (c.chance) card.append(el('p', 'chance', c.chance));
    if (c.monteCarlo) card.append(el('p', 'monte-carlo', c.monteCarlo));
    card.append(el('p', 'reading', c.reading));
    cards.append(card);
  }
  main.append(cards);
  const w = intervalWords(r);
  for (const t of [w.uncertainty, w.monteCarlo, w.fixedNote]) if (t) main.append(el('p', 'note interval-note', t));

  const caseload = figure('Caseload against capacity', `In weighted places, the unit staffed capacity is counted in: the caseload, the demand (caseload plus those waiting) and the staffed capacity, means at each period end; band: ${bands}.`, 'caseload');
  main.append(caseload.fig);
  drawCaseload(caseload.host, caseloadShape(r), bands);
  const waiting = figure('Waiting list', `People waiting for a place, mean and ${bands}.`, 'waiting');
  main.append(waiting.fig);
  drawWaiting(waiting.host, waitingShape(r), bands);
  // Front-door stages, staff in post, contacts and demand turned away: the tables the terminal report prints.
  const states = (d.resolved as { states?: unknown } | undefined)?.states;
  const stages = Array.isArray(states) ? frontDoorStages(states as { name: string; tier: string; service?: string }[]) : [];
  for (const t of dynamicsTables(r, stages)) main.append(section(t.title, true, table(`dynamics ${t.key}`, t.note ?? '', t.head, t.rows)));

  if (r.economics) {
    const e = r.economics;
    const moneyFig = figure('Cumulative cost against savings', `Present values, discounted; bands are ${bands}s.`, 'money');
    main.append(moneyFig.fig);
    drawMoney(moneyFig.host, moneyShape(e), bands);
    const rows = agencyRows(e);
    const agency = figure('Who pays and who benefits', `Present values by agency over the horizon: costs to the left, savings to the right (a negative saving, extra demand on the agency’s services, hatched and to the left), ◆ net; whiskers are ${bands}s.`, 'agency');
    main.append(agency.fig);
    drawAgency(agency.host, rows, bands);
    main.append(table('agency', 'Who pays and who benefits: present values by agency over the horizon (mean)', ['Agency', 'Pays', 'Saves', 'Net'], rows.map((a) => [a.label, money(a.costs.mean), money(a.savings.mean), money(a.net.mean)])));
    main.append(section('Money by year', true, table('money-by-year', 'Mean across replications; cost and net savings in each year in cash, cumulative figures discounted to present value.', moneyColumns, moneyRows(r))));
  }

  if (d.compare) {
    const c = d.compare;
    const parts: Node[] = [
      el('p', 'note', `A is ${d.file}${d.sets.length ? ' with the changes below' : ''}; B is ${c.file} (${c.name}), run on common random numbers: the same seed and replications, so the differences are paired. ${c.fixed ? 'Intervals: 95% interval of the mean difference (Monte Carlo error only).' : 'Intervals: the central 90% of the paired differences across parameter draws (parameters and chance together).'}`),
      table('paired', 'Paired differences, B − A', ['Measure', 'A', 'B', 'B − A', c.fixed ? 'Interval (95%)' : 'Uncertainty (90%)', 'Reading'], compareRows(c)),
    ];
    main.append(section('A against B', true, ...parts));
  }

  const changes: Node[] = [];
  const ul = el('ul', 'changes');
  for (const s of d.sets) {
    const li = el('li');
    li.dataset.set = s;
    const eq = s.indexOf('=');
    li.append(el('code', undefined, `${s.slice(0, eq)} = ${s.slice(eq + 1)}`));
    ul.append(li);
  }
  if (d.sets.length === 0) ul.append(el('li', undefined, 'Nothing: the scenario file as it is.'));
  changes.push(el('p', 'note', `Changes applied to ${d.file} for this run (the command line's --set, or the viewer's panel):`), ul);
  if (d.fixed.length) changes.push(el('p', 'note', `A value set is a decision, so these uncertain figures are not drawn: ${d.fixed.join(', ')}.`));
  if (d.compare) {
    const p = d.compare.parameters;
    changes.push(p.differences.length === 0 ? el('p', 'note', `B (${d.compare.file}) differs from A in no parameter.`) : table('file-diff', `What differs between the files, A and B (resolved; times in years, rates per year)${p.notesDiffering ? `; and ${p.notesDiffering} description, source or assumption texts` : ''}`, ['Parameter', 'A', 'B'], p.differences.map((x) => [x.path, shown(x.a), shown(x.b)])));
  }
  main.append(section('What was changed from the scenario file', !d.compare, ...changes));

  if (d.resolved !== undefined) {
    const rows = assumptions(d.resolved, d.sets);
    main.append(section('Key assumptions and their sources', false, table('assumptions', 'From the scenario file (rates as monthly hazards); the uncertainty section’s parameters are drawn in a run over parameter draws.', ['Assumption', 'Value', 'Source or assumption'], rows.map((a) => [a.name, a.value, a.source]), ['', 'value', 'source'])));
  }

  const p = d.provenance;
  const dl = el('dl', 'provenance');
  const item = (k: string, v: string): void => void dl.append(el('dt', undefined, k), el('dd', undefined, v));
  item('casecast version', p.version);
  item('Seed', p.seed);
  item('Replications', `${p.replications}${p.draws ? ` (${p.draws} parameter draws × ${p.replicationsPerDraw})` : ' at the point estimate'}`);
  item('Scenario sha256', p.sha256);
  if (d.compare) item('B sha256', d.compare.sha256);
  item('Files', p.files.join(', '));
  item('Command', p.command);
  item('Produced', p.generated);
  main.append(section('Provenance', true, dl));
  document.body.dataset.state = 'ready';
}

const main = document.getElementById('paper') as HTMLElement;
const embedded = document.getElementById('paper-data')?.textContent?.trim();
if (embedded) render(JSON.parse(embedded) as PaperData, main);
else {
  // Opened by the viewer: it posts the results once this page says it is ready.
  window.addEventListener('message', (ev: MessageEvent) => {
    if (ev.source !== window.opener || ev.data?.type !== paperMessage.data) return;
    render(ev.data.paper as PaperData, main);
  });
  // A page opened from a file has the opaque origin "null", which postMessage cannot target by name.
  window.opener?.postMessage({ type: paperMessage.ready }, window.location.origin === 'null' ? '*' : window.location.origin);
}
