/** Plain data as files hold it after parsing: maps, lists and scalars. */
export type Plain = Record<string, unknown>;

/** A plain map (not a list or null). */
export const isMap = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
