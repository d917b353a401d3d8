/**
 * The link of a run that started but did not finish, remembered for this tab
 * (sessionStorage), so that a reload does not start again a run that was
 * cancelled or that the page was closed or reloaded in the middle of (perhaps
 * because it was too big): opening the link shows its settings and waits for Run.
 */
const KEY = 'casecast.unfinished-run';

/** sessionStorage, or nothing where the browser refuses it (storage disabled): then every link runs as before. */
function store(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

export const unfinished = {
  /** A run of the page's link `hash` starts. */
  started(hash: string): void {
    try {
      store()?.setItem(KEY, hash);
    } catch {
      // full or refused: nothing to remember with
    }
  },
  /** The run ended with results or with the loader's problems: the link may run again on open. */
  ended(): void {
    try {
      store()?.removeItem(KEY);
    } catch {
      // as above
    }
  },
  /** True when the last run of this link in this tab did not finish. */
  is(hash: string): boolean {
    try {
      return hash !== '' && store()?.getItem(KEY) === hash;
    } catch {
      return false;
    }
  },
};
