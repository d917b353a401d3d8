/** manifest.json: what was run, how, when, and the resolved scenario whose canonical JSON the hash covers. */
export interface RunManifest {
  scenario: string;
  file: string;
  files: string[];
  sha256: string;
  seed: string;
  /** In all; over parameter draws, draws × replicationsPerDraw. */
  replications: number;
  draws?: number;
  replicationsPerDraw?: number;
  version: string;
  overrides: string[];
  workers: number;
  command: string[];
  startedAt: string;
  finishedAt: string;
  node: string;
  outputs: string[];
  resolvedScenario: unknown;
}
