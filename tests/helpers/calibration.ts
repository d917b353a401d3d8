/**
 * A small scenario for the calibration tests: one intensive state with two
 * exits (move-on and disengagement, at the given rates per month), 10
 * referrals a month, 18 months, and the targets given as YAML lines.
 */
export function smallScenario(name: string, targets: readonly string[], rates = { moveOn: 0.06, disengaged: 0.03 }): string {
  return `name: ${name}
horizon: 18 months
referrals:
  main: { rate: 10 per month, source: "synthetic" }
screening:
  eligible: { p: 1 }
  assessment: { duration: 1 day }
  entry: iss
services:
  iss:
    staff: { fte: 100, caseloadPerWorker: 7 }
    source: "synthetic"
states:
  iss:
    tier: intensive
    service: iss
    exits:
      move-on: { rate: ${rates.moveOn} per month, source: "synthetic" }
      disengaged: { rate: ${rates.disengaged} per month }
targets:
${targets.map((t) => `  ${t}`).join('\n')}
`;
}
