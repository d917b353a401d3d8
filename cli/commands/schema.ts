import type { Argv } from 'yargs';
import { scenarioJsonSchema } from '../../engine/model/schema.ts';

export const command = 'schema';
export const describe = 'Print the scenario file JSON Schema (for editor autocompletion)';

export function builder(y: Argv): Argv {
  return y.example('$0 schema > casecast.schema.json', 'save it, then point your editor at it');
}

export function handler(): void {
  process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
}
