import pkg from '../package.json' with { type: 'json' };

/** casecast's version, from package.json. */
export const version: string = pkg.version;
