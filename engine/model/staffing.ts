/**
 * A staff team's posts over one replication, drawn before the run: staffing
 * does not depend on the clients, so the posts' own random stream gives the
 * places the pathway then applies as dated changes.
 *
 * The establishment is held as posts of `postSize` FTE (the last may be
 * smaller). A filled post is left at the turnover rate and stays vacant for a
 * recruitment delay; a filled post at work has spells of absence, during
 * which its places are lost. Posts added later start vacant and are recruited
 * to (filled at once when there is no turnover); when posts end, vacant ones
 * go first, then absent ones.
 */
import type { Rng } from '../des/rng.ts';
import type { CompiledStaffing } from './compile.ts';

const WORKING = 0;
const ABSENT = 1;
const VACANT = 2;

export interface StaffTimeline {
  /** Places from time 0 and at each change, as the service applies them. */
  capacity: number;
  changes: { at: number; capacity: number }[];
  /** Mean FTE over each period: in post (at work or absent), vacant, and absent. */
  employed: Float64Array;
  vacant: Float64Array;
  absent: Float64Array;
}

interface Post {
  size: number;
  status: number;
  /** When the post's next change happens (leaving, returning from absence, being filled). */
  next: number;
  /** What that change is: the post is left (true) or starts an absence (false), while at work. */
  leaves: boolean;
}

export function staffTimeline(st: CompiledStaffing, rng: Rng, periods: number, period: number): StaffTimeline {
  const horizon = periods * period;
  const exp = (rate: number): number => (rate > 0 ? -Math.log(1 - rng()) / rate : Infinity);
  const posts: Post[] = [];

  /** A post at work from `now`: its next event is the earlier of leaving and an absence. */
  const atWork = (p: Post, now: number): void => {
    p.status = WORKING;
    const leave = now + exp(st.turnover?.rate ?? 0);
    const away = now + exp(st.absence?.rate ?? 0);
    p.leaves = leave <= away;
    p.next = Math.min(leave, away);
  };
  const vacant = (p: Post, now: number): void => {
    if (!st.turnover) return atWork(p, now);
    p.status = VACANT;
    p.next = now + st.turnover.recruitment.sample(rng);
  };
  /** Sizes of the posts that hold `fte`: whole posts of postSize, then the rest. */
  const sizes = (fte: number): number[] => {
    const whole = Math.floor(fte / st.postSize + 1e-9);
    const rest = fte - whole * st.postSize;
    return [...Array<number>(whole).fill(st.postSize), ...(rest > 1e-9 ? [rest] : [])];
  };
  const establish = (fte: number, now: number, initial: boolean): void => {
    const want = sizes(fte);
    while (posts.length < want.length) {
      const p: Post = { size: 0, status: WORKING, next: Infinity, leaves: false };
      if (initial) atWork(p, now);
      else vacant(p, now);
      posts.push(p);
    }
    // Ending posts: vacant ones first, then absent, then those at work.
    for (const status of [VACANT, ABSENT, WORKING]) {
      for (let i = posts.length - 1; i >= 0 && posts.length > want.length; i--) if (posts[i].status === status) posts.splice(i, 1);
    }
    posts.forEach((p, i) => (p.size = want[i]));
  };

  const places = (): number => posts.reduce((sum, p) => sum + (p.status === WORKING ? p.size : 0), 0) * st.placesPerFte;
  const employed = new Float64Array(periods);
  const vacancies = new Float64Array(periods);
  const absent = new Float64Array(periods);
  /** Adds the current levels over [from, to) to the periods it spans. */
  const accrue = (from: number, to: number): void => {
    let inPost = 0;
    let empty = 0;
    let away = 0;
    for (const p of posts) {
      if (p.status === VACANT) empty += p.size;
      else inPost += p.size;
      if (p.status === ABSENT) away += p.size;
    }
    for (let k = Math.floor(from / period); k < periods && k * period < to; k++) {
      const dt = Math.min(to, (k + 1) * period) - Math.max(from, k * period);
      if (dt <= 0) continue;
      employed[k] += (inPost * dt) / period;
      vacancies[k] += (empty * dt) / period;
      absent[k] += (away * dt) / period;
    }
  };

  const steps = st.establishment;
  establish(steps[0].fte, 0, true);
  const capacity = places();
  const changes: StaffTimeline['changes'] = [];
  let now = 0;
  let step = 1;
  for (;;) {
    let first = -1;
    let t = step < steps.length ? steps[step].at : Infinity;
    for (let i = 0; i < posts.length; i++) {
      if (posts[i].next < t) {
        t = posts[i].next;
        first = i;
      }
    }
    if (!(t < horizon)) break;
    accrue(now, t);
    now = t;
    const before = places();
    if (first < 0) establish(steps[step++].fte, t, false);
    else {
      const p = posts[first];
      if (p.status === WORKING && p.leaves) vacant(p, t);
      else if (p.status === WORKING) {
        p.status = ABSENT;
        p.next = t + st.absence!.duration.sample(rng);
      } else atWork(p, t);
    }
    const after = places();
    if (after !== before) changes.push({ at: t, capacity: after });
  }
  accrue(now, horizon);
  return { capacity, changes, employed, vacant: vacancies, absent };
}
