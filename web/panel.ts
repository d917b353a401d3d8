/**
 * The parameter panel's inputs: one labelled field per key parameter, and the
 * unit costs in a collapsible group by agency (there are a score of them, so
 * they stay out of the way until wanted). Each change goes to `onChange`.
 */
import { paramsFor, type Param } from './params.ts';
import { unitCostParams, type UnitCostParam } from './unit-costs.ts';

/** Everything the panel offers for a scenario's raw data. */
export const panelParams = (raw: unknown): Param[] => [...paramsFor(raw), ...unitCostParams(raw)];

export interface PanelHosts {
  fields: HTMLElement;
  unitCosts: HTMLDetailsElement;
  unitCostFields: HTMLElement;
  unitCostCount: HTMLElement;
}

/** What a field shows: the value the run will use, and whether it differs from the file. */
export type Shown = (p: Param) => { value: string; changed: boolean };

function field(p: Param, shown: { value: string; changed: boolean }, onChange: (p: Param, value: string) => boolean, after?: () => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'field small';
  const id = `param-${p.path.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = p.label;
  let input: HTMLInputElement | HTMLSelectElement;
  if (p.kind === 'choice') {
    const select = document.createElement('select');
    for (const c of p.choices ?? []) select.add(new Option(c, c));
    select.value = shown.value;
    input = select;
  } else {
    const text = document.createElement('input');
    text.type = 'number';
    text.step = p.step ?? 'any';
    if (p.min !== undefined) text.min = p.min;
    text.value = shown.value;
    input = text;
  }
  input.id = id;
  input.dataset.param = p.path;
  input.title = `${p.path}; the file gives ${p.current}`;
  box.classList.toggle('changed', shown.changed);
  input.addEventListener('change', () => {
    box.classList.toggle('changed', onChange(p, input.value));
    after?.();
  });
  box.append(label, input);
  return box;
}

/** Redraws the panel; `onChange` applies a value and says whether it now differs from the file. */
export function drawPanel(hosts: PanelHosts, params: Param[], shown: Shown, onChange: (p: Param, value: string) => boolean): void {
  const costs = params.filter((p): p is UnitCostParam => 'agency' in p);
  hosts.fields.replaceChildren(...params.filter((p) => !('agency' in p)).map((p) => field(p, shown(p), onChange)));
  const count = (): void => {
    const changed = hosts.unitCostFields.querySelectorAll('.changed').length;
    hosts.unitCostCount.textContent = `(${costs.length} the scenario uses${changed ? `; ${changed} changed` : ''})`;
  };
  hosts.unitCostFields.replaceChildren();
  for (const agency of [...new Set(costs.map((c) => c.agency))]) {
    const group = document.createElement('div');
    group.className = 'unit-group';
    group.setAttribute('role', 'group');
    const heading = document.createElement('h3');
    heading.id = `unit-group-${agency.replace(/[^A-Za-z0-9]+/g, '-')}`;
    heading.textContent = agency;
    group.setAttribute('aria-labelledby', heading.id);
    group.append(heading, ...costs.filter((c) => c.agency === agency).map((p) => field(p, shown(p), onChange, count)));
    hosts.unitCostFields.append(group);
  }
  hosts.unitCosts.hidden = costs.length === 0;
  count();
  // Edited unit costs (e.g. from a shared link) are shown, not hidden in a closed group.
  if (costs.some((p) => shown(p).changed)) hosts.unitCosts.open = true;
}
