/**
 * Text fitted to the terminal: its width (COLUMNS or the tty), tables split
 * into column groups that fit, prose wrapped. The numbers in them come from
 * present/format.ts, shared with the viewer.
 */

/**
 * The width tables must fit: COLUMNS when set (as shells and CI set it), else
 * the terminal's; output to a file or pipe has no limit.
 */
export function terminalWidth(): number {
  const env = typeof process !== 'undefined' ? Number(process.env.COLUMNS) : NaN;
  if (Number.isInteger(env) && env >= 20) return env;
  const tty = typeof process !== 'undefined' ? process.stdout?.columns : undefined;
  return tty && tty >= 20 ? tty : Infinity;
}

const GAP = 2;

/**
 * Plain-text table with right-aligned columns after a left-aligned first.
 * Wider than `width`, its columns are split into groups that fit, each
 * repeating the first column (a wrapped table, read group by group); a column
 * too wide to fit beside the first even alone has its cells wrapped at spaces.
 */
export function table(head: string[], rows: string[][], width = terminalWidth()): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const total = widths.reduce((a, w) => a + w, 0) + GAP * (widths.length - 1);
  if (total <= width || head.length < 2) return render(head, rows, widths);
  const groups: number[][] = [];
  let group: number[] = [];
  let used = widths[0];
  for (let c = 1; c < head.length; c++) {
    if (group.length > 0 && used + GAP + widths[c] > width) {
      groups.push(group);
      group = [];
      used = widths[0];
    }
    group.push(c);
    used += GAP + widths[c];
  }
  groups.push(group);
  return groups
    .map((g) => {
      const cols = [0, ...g];
      const room = Math.max(8, width - widths[0] - GAP * g.length - g.slice(0, -1).reduce((a, c) => a + widths[c], 0));
      const last = g[g.length - 1];
      const fit = cols.map((c) => (c === last && widths[c] > room ? room : widths[c]));
      const sub = (r: string[]): string[] => cols.map((c) => r[c]);
      return render(sub(head), rows.map(sub), fit);
    })
    .join('\n\n');
}

/** The table's lines; a cell longer than its column is wrapped onto more lines. */
function render(head: string[], rows: string[][], widths: number[]): string {
  const lines = (cells: string[]): string[] => {
    const parts = cells.map((c, i) => (c.length > widths[i] ? wrap(c, widths[i]).split('\n') : [c]));
    const height = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) =>
      parts.map((p, i) => { const c = p[k] ?? ''; return i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]); }).join(' '.repeat(GAP)).trimEnd(),
    );
  };
  return [...lines(head), widths.map((w) => '─'.repeat(w)).join(' '.repeat(GAP)), ...rows.flatMap(lines)].join('\n');
}

/** Text wrapped at spaces to the terminal's width (80 columns when output is not a terminal; at most 100). */
export function wrap(text: string, width = Math.min(100, Number.isFinite(terminalWidth()) ? terminalWidth() : 80)): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) (lines.push(line), (line = word));
    else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/**
 * A report for the terminal, its prose fitted: a line wider than the terminal
 * that is not part of a table (tables are fitted by `table`; their lines
 * hold runs of two spaces) is wrapped at spaces, keeping its indent.
 */
export function fitProse(text: string, width = terminalWidth()): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^ */.exec(line)![0];
      const body = line.slice(indent.length);
      if (body.includes('  ') || body.startsWith('─')) return line;
      return wrap(body, Math.max(20, width - indent.length)).split('\n').map((l) => indent + l).join('\n');
    })
    .join('\n');
}
