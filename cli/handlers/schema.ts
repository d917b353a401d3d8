import { z } from 'zod';
import { scenarioJsonSchema } from '../../engine/model/schema.ts';
import { sweepFileSchema } from '../../engine/sweep/schema.ts';
import { writeOut } from '../terminal.ts';

export function handler(argv: { sweep: boolean }): void {
  const schema = argv.sweep ? z.toJSONSchema(sweepFileSchema, { io: 'input', target: 'draft-2020-12' }) : scenarioJsonSchema();
  writeOut(`${JSON.stringify(schema, null, 2)}\n`, 'json');
}
