/**
 * casecast as a library in Node (the package's "node" export): the engine's
 * API (engine/index.ts), with one difference: loadScenario also takes a
 * scenario file's path, and reads it, the files it `extends` and the samples
 * it names from disk as the command line does (cli/files.ts: the same size
 * limit, nothing but regular files). Elsewhere (a browser) the package gives
 * the engine's own loadScenario, which takes text.
 */
import { CasecastError, loadScenario as loadText, type LoadedScenario, type ReadFile } from '../engine/index.ts';
import { InputError } from './errors.ts';
import { displayPath, readTextFile } from './files.ts';

export * from '../engine/index.ts';

/** One line that is not itself YAML `key: value` or JSON, ending in a scenario file's extension: a path, not a scenario's text. */
export const isScenarioPath = (source: string): boolean => !/[\n{]/.test(source) && !/^[^:]*:\s/.test(source) && /\.(ya?ml|json)$/i.test(source.trim());

/** A file's text from disk, or undefined when it cannot be read; a file over the size limit is a CasecastError. */
const readFile: ReadFile = (path) => {
  try {
    return readTextFile(path);
  } catch (err) {
    throw err instanceof InputError ? new CasecastError(err.message) : err;
  }
};

/**
 * Loads a scenario from its text (YAML or JSON), or from the file at a path
 * ("scenarios/x.yaml", relative to the working directory or absolute). With a
 * path, `file` defaults to it and `read` to reading from disk. Throws a
 * CasecastError that lists every problem with its file and line.
 */
export function loadScenario(source: string, options: { file?: string; read?: ReadFile } = {}): LoadedScenario {
  if (!isScenarioPath(source)) return loadText(source, options);
  const file = displayPath(source.trim());
  const text = readFile(file, '');
  if (text === undefined) throw new CasecastError(`cannot read the scenario file ${JSON.stringify(file)}\n  fix: check the path and that the file exists`);
  return loadText(text, { file, read: readFile, ...options });
}
