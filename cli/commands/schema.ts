import type { Argv } from 'yargs';
import { z } from 'zod';
import { scenarioJsonSchema } from '../../engine/model/schema.ts';
import { sweepFileSchema } from '../../engine/sweep/schema.ts';
import { writeOut } from '../terminal.ts';

export const command = 'schema';
export const describe = 'Print the JSON Schema of scenario files, or of sweep files (for editor autocompletion)';

export function builder(y: Argv): Argv<{ sweep: boolean }> {
  return y
    .option('sweep', { type: 'boolean', default: false, describe: 'the sweep file format instead of the scenario format' })
    .example('$0 schema > casecast.schema.json', 'save it, then point your editor at it')
    .example('$0 schema --sweep > casecast-sweep.schema.json', 'the same for sweep files') as Argv<{ sweep: boolean }>;
}

export function handler(argv: { sweep: boolean }): void {
  const schema = argv.sweep ? z.toJSONSchema(sweepFileSchema, { io: 'input', target: 'draft-2020-12' }) : scenarioJsonSchema();
  writeOut(`${JSON.stringify(schema, null, 2)}\n`, 'json');
}
