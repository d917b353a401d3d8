/** casecast report: its name, options and help. What it does is in cli/handlers/report.ts, loaded only when it runs. */
import type { Argv } from 'yargs';
import type { ReportArgs } from '../handlers/report.ts';
import { allowLargeOption, drawOptions, quietOption, seedOption, workersOption } from '../flags.ts';

export const command = 'report <scenario>';
export const describe = 'A board paper: the question and answer, headline figures, charts, who pays, assumptions and provenance, as HTML or PDF';

export function builder(y: Argv): Argv<ReportArgs> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('compare', { type: 'string', describe: 'another scenario file: add the paired differences against it (common random numbers)' })
    .option('replications', drawOptions.replications)
    .option('draws', drawOptions.draws)
    .option('fixed', drawOptions.fixed)
    .option('seed', seedOption)
    .option('set', { type: 'string', array: true, describe: 'override a value in the scenario file, path=value (repeatable); listed in the paper' })
    .option('workers', workersOption)
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'the paper to write: paper.html (self-contained) or paper.pdf (A4, printed by chromium)' })
    .option('allow-large', allowLargeOption)
    .option('quiet', quietOption)
    .example('$0 report scenarios/liverpool-waves-of-hope.yaml --out paper.pdf', 'the default scenario as a board paper, A4 PDF')
    .example('$0 report scenarios/liverpool-waves-of-hope.yaml --set services.iss.staff.fte=20 --out paper.html', 'what if: 20 case workers, as one HTML file')
    .example('$0 report scenarios/liverpool-waves-of-hope.yaml --compare scenarios/liverpool-waves-of-hope-more-staff.yaml --out paper.pdf', 'with the paired differences against another scenario') as unknown as Argv<ReportArgs>;
}

export async function handler(argv: ReportArgs): Promise<void> {
  await (await import('../handlers/report.ts')).handler(argv);
}
