import { Priority, type Simulation } from './simulation.ts';
import { Tally, TimeWeighted } from './statistics.ts';

/** Order of the waiting list: arrival order, or lower `priority` number first (arrival order within a class). */
export type QueueDiscipline = 'fifo' | 'priority';

/** One step of a capacity schedule: from absolute time `at`, the resource has `capacity`. */
export interface CapacityStep {
  at: number;
  capacity: number;
}

/** How a resource is set up. */
export interface ResourceOptions {
  name?: string;
  /** A fixed capacity, or a step schedule (times ascending; the first step at or before the current time). */
  capacity: number | CapacityStep[];
  discipline?: QueueDiscipline;
  /**
   * false (default): strict order, a head that does not fit blocks those behind it.
   * true: first fit in queue order, which walks the list on each release (O(waiting) at worst).
   */
  overtaking?: boolean;
}

/** Per-request options: class for the priority discipline, and how long the client will wait before leaving. */
export interface RequestOptions {
  priority?: number;
  /** Time the request waits before reneging; Infinity (the default) waits for ever. */
  patience?: number;
  onRenege?: (req: Request) => void;
  /** Anything the caller wants back in the callbacks (the person asking), so handlers can be shared rather than made per request. */
  data?: unknown;
}

/** Where a request is in its life. */
export type RequestState = 'waiting' | 'granted' | 'reneged' | 'cancelled' | 'released';

/** Misuse of a resource, such as releasing a request twice or one that was never granted. */
export class ResourceError extends Error {
  override name = 'ResourceError';
}

/** A claim on an `amount` of a resource's capacity, from referral through to release. */
export class Request {
  readonly resource: Resource;
  readonly amount: number;
  /** Class under the priority discipline: lower goes first. */
  readonly priority: number;
  readonly requestedAt: number;
  /** Time the claim was granted; NaN until then. */
  grantedAt = NaN;
  /** Time it left the resource (released, reneged or withdrawn); NaN until then. */
  endedAt = NaN;
  state: RequestState = 'waiting';
  /** @internal */ readonly onGrant: (req: Request) => void;
  /** @internal */ readonly onRenege: ((req: Request) => void) | undefined;
  /** @internal pending renege event, or -1 */ renegeHandle = -1;
  /** What the caller attached in `RequestOptions.data`. */
  data: unknown = undefined;

  /** @internal made by `Resource.request` */
  constructor(
    resource: Resource,
    amount: number,
    priority: number,
    requestedAt: number,
    onGrant: (req: Request) => void,
    onRenege?: (req: Request) => void,
  ) {
    this.resource = resource;
    this.amount = amount;
    this.priority = priority;
    this.requestedAt = requestedAt;
    this.onGrant = onGrant;
    this.onRenege = onRenege;
  }

  /** Time waited before the grant (NaN if not granted). */
  get wait(): number {
    return this.grantedAt - this.requestedAt;
  }
}

/**
 * One class of the waiting list: an array with a head index, so taking from
 * the front is O(1) without Array.shift. Requests that leave from the middle
 * (renege, withdraw, overtaking grant) stay in place with a non-waiting state
 * and are skipped when reached: lazy removal.
 */
interface Line {
  priority: number;
  items: Request[];
  head: number;
}

const noop = (): void => {};

// Relative tolerance for "fits", so five claims of 0.2 fit in a capacity of 1 despite rounding.
const FIT_TOLERANCE = 1e-9;

/**
 * A pool of capacity (a caseworker team's caseload slots, a set of beds) that
 * requests claim an amount of, with a waiting list for those that do not fit.
 * Nobody is pre-empted: when capacity falls below what is in use, new grants
 * wait until enough is released.
 *
 * The waiting list is one FIFO line per priority class, classes kept sorted.
 * Support programmes have a handful of classes (urgent, standard, returning),
 * so this gives O(1) joining and granting within a class, FIFO ties for free,
 * and an in-order walk for first-fit overtaking, which a binary heap cannot
 * give without sorting. With many distinct priorities it degrades gracefully
 * to sorted insertion: O(log classes) to find a class, O(classes) to add one.
 */
export class Resource {
  readonly name: string;
  readonly discipline: QueueDiscipline;
  readonly overtaking: boolean;
  /** Amount in use over time. */
  readonly busy: TimeWeighted;
  /** Number of requests waiting over time. */
  readonly queue: TimeWeighted;
  /** Capacity over time, for utilisation under a schedule. */
  readonly capacityOverTime: TimeWeighted;
  /** Wait of every granted request, zero waits included. */
  readonly waits = new Tally();

  private readonly sim: Simulation;
  private cap: number;
  private used = 0;
  private holders = 0; // granted, not yet released: lets `used` snap back to exactly 0
  private waitingCount = 0;
  private waitingAmount = 0;
  private lines: Line[] = []; // ascending priority; FIFO uses lines[0] only
  private dead = 0; // entries at or after a line's head that are no longer waiting
  private smallest = Infinity; // smallest amount ever requested: nothing fits once this does not
  private grantedCount = 0;
  private renegedCount = 0;
  private dispatching = false;
  private again = false;

  constructor(sim: Simulation, options: ResourceOptions) {
    this.sim = sim;
    this.name = options.name ?? 'resource';
    this.discipline = options.discipline ?? 'fifo';
    if (this.discipline !== 'fifo' && this.discipline !== 'priority') {
      throw new RangeError(`${this.name}: discipline must be 'fifo' or 'priority', got ${String(this.discipline)}`);
    }
    this.overtaking = options.overtaking ?? false;
    this.cap = this.initialCapacity(options.capacity);
    this.busy = new TimeWeighted(sim.now, 0);
    this.queue = new TimeWeighted(sim.now, 0);
    this.capacityOverTime = new TimeWeighted(sim.now, this.cap);
    if (this.discipline === 'fifo') this.lines.push({ priority: 0, items: [], head: 0 });
  }

  /** Current capacity. */
  get capacity(): number {
    return this.cap;
  }

  /** Amount currently granted. */
  get inUse(): number {
    return this.used;
  }

  /** Requests waiting. */
  get queueLength(): number {
    return this.waitingCount;
  }

  /** Total amount the waiting requests claim. */
  get queueAmount(): number {
    return this.waitingAmount;
  }

  /** Requests granted since construction or the last `resetStatistics`. */
  get granted(): number {
    return this.grantedCount;
  }

  /** Requests that ran out of patience since construction or the last `resetStatistics`. */
  get reneged(): number {
    return this.renegedCount;
  }

  /** Time-average amount in use over time-average capacity, from the start or the last reset to `now`. */
  utilisation(now = this.sim.now): number {
    return this.busy.mean(now) / this.capacityOverTime.mean(now);
  }

  /** Restarts every statistic at the current time: warm-up deletion. */
  resetStatistics(): void {
    const now = this.sim.now;
    this.busy.reset(now);
    this.queue.reset(now);
    this.capacityOverTime.reset(now);
    this.waits.reset();
    this.grantedCount = this.renegedCount = 0;
  }

  /**
   * Claims `amount`; `onGrant(req)` is called when it is granted, synchronously
   * if it fits now and nobody is ahead of it. With `patience`, the request
   * reneges (leaves, calling `onRenege`) if not granted within that time.
   */
  request(amount: number, onGrant: (req: Request) => void, options: RequestOptions = {}): Request {
    if (!(amount > 0 && amount < Infinity)) throw new RangeError(`${this.name}: amount must be finite and > 0, got ${amount}`);
    if (typeof onGrant !== 'function') throw new TypeError(`${this.name}: onGrant must be a function`);
    const priority = options.priority ?? 0;
    if (!Number.isFinite(priority)) throw new RangeError(`${this.name}: priority must be a finite number, got ${priority}`);
    const patience = options.patience ?? Infinity;
    if (!(patience > 0)) throw new RangeError(`${this.name}: patience must be > 0, got ${patience}`);

    const req = new Request(this, amount, priority, this.sim.now, onGrant, options.onRenege);
    req.data = options.data;
    if (amount < this.smallest) this.smallest = amount;
    // Outside a dispatch, nothing waiting fits (overtaking) or the head does not (strict): so a fitting newcomer is next.
    if (!this.dispatching && this.fits(amount) && (this.overtaking || !this.aheadOf(priority))) {
      this.dispatch(req);
      return req;
    }
    const line = this.lineFor(priority);
    if (!this.dispatching && line.head > 1024 && line.head * 2 > line.items.length) {
      // Drop the granted prefix once it is most of the array: amortised O(1), and never during a walk.
      line.items = line.items.slice(line.head);
      line.head = 0;
    }
    line.items.push(req);
    this.waitingCount++;
    this.waitingAmount += amount;
    this.queue.update(this.sim.now, this.waitingCount);
    if (patience < Infinity) req.renegeHandle = this.sim.schedule(patience, this.renege, req);
    // Inside an onGrant: the running dispatch loop picks this request up.
    if (this.dispatching) this.again = true;
    return req;
  }

  /**
   * Takes `amount` at once, even above capacity and ahead of the list, for
   * load that never waits (a drop-in client's share of a worker). It is not
   * counted as a grant or a wait; give it back with `release`.
   */
  occupy(amount: number): Request {
    if (!(amount > 0 && amount < Infinity)) throw new RangeError(`${this.name}: amount must be finite and > 0, got ${amount}`);
    const now = this.sim.now;
    const req = new Request(this, amount, 0, now, noop);
    req.state = 'granted';
    req.grantedAt = now;
    this.holders++;
    this.used += amount;
    this.busy.update(now, this.used);
    return req;
  }

  /** Gives back a granted request's amount and grants whoever now fits. */
  release(req: Request): void {
    this.check(req);
    if (req.state !== 'granted') {
      const why = req.state === 'released' ? 'it was already released' : `it is ${req.state}, not granted`;
      throw new ResourceError(`${this.name}: cannot release a request: ${why}`);
    }
    req.state = 'released';
    req.endedAt = this.sim.now;
    this.holders--;
    this.used = this.holders === 0 ? 0 : this.used - req.amount;
    this.busy.update(this.sim.now, this.used);
    this.dispatch();
  }

  /** Takes a waiting request off the list without a callback; false if it is not waiting. */
  withdraw(req: Request): boolean {
    this.check(req);
    if (req.state !== 'waiting') return false;
    this.leave(req, 'cancelled');
    this.dispatch(); // under strict order a withdrawn head unblocks those behind it
    return true;
  }

  /** Changes the capacity now (a schedule step, funding ending); nobody is pre-empted if it falls below what is in use. */
  setCapacity(capacity: number): void {
    if (!(capacity >= 0 && capacity < Infinity)) throw new RangeError(`${this.name}: capacity must be finite and ≥ 0, got ${capacity}`);
    this.cap = capacity;
    this.capacityOverTime.update(this.sim.now, capacity);
    this.dispatch();
  }

  private initialCapacity(capacity: number | CapacityStep[]): number {
    if (!Array.isArray(capacity)) {
      if (!(capacity >= 0 && capacity < Infinity)) throw new RangeError(`${this.name}: capacity must be finite and ≥ 0, got ${capacity}`);
      return capacity;
    }
    if (capacity.length === 0) throw new RangeError(`${this.name}: a capacity schedule needs at least one step`);
    const now = this.sim.now;
    if (!(capacity[0].at <= now)) throw new RangeError(`${this.name}: the first capacity step must be at or before ${now}, got ${capacity[0].at}`);
    let current = NaN;
    capacity.forEach((step, i) => {
      if (!(step.capacity >= 0 && step.capacity < Infinity)) {
        throw new RangeError(`${this.name}: capacity step ${i} must have a finite capacity ≥ 0, got ${step.capacity}`);
      }
      if (i > 0 && !(step.at > capacity[i - 1].at)) {
        throw new RangeError(`${this.name}: capacity step times must be ascending, got ${step.at} after ${capacity[i - 1].at}`);
      }
      if (step.at <= now) current = step.capacity;
      // Urgent: the new capacity applies before releases and arrivals at the same instant.
      else this.sim.at(step.at, this.applyStep, step.capacity, Priority.urgent);
    });
    return current;
  }

  private readonly applyStep = (capacity: number): void => this.setCapacity(capacity);

  private readonly renege = (req: Request): void => {
    req.renegeHandle = -1;
    this.leave(req, 'reneged');
    this.renegedCount++;
    req.onRenege?.(req);
    this.dispatch(); // a reneged head can unblock those behind it
  };

  private check(req: Request): void {
    if (req.resource !== this) throw new ResourceError(`${this.name}: the request belongs to ${req.resource.name}`);
  }

  private fits(amount: number): boolean {
    return amount <= this.cap - this.used + FIT_TOLERANCE * Math.max(1, this.cap);
  }

  /** True if a waiting request ranks at or ahead of a newcomer with this priority. */
  private aheadOf(priority: number): boolean {
    if (this.waitingCount === 0) return false;
    if (this.discipline === 'fifo') return true;
    const line = this.front();
    return line !== undefined && line.priority <= priority;
  }

  /** The line whose head is the next request in strict order, dropping dead heads and empty classes. */
  private front(): Line | undefined {
    while (this.lines.length > 0) {
      const line = this.lines[0];
      const { items } = line;
      while (line.head < items.length && items[line.head].state !== 'waiting') {
        line.head++;
        this.dead--;
      }
      if (line.head < items.length) return line;
      items.length = line.head = 0;
      if (this.discipline === 'fifo') return undefined;
      this.lines.shift(); // few classes: cheap
    }
    return undefined;
  }

  private lineFor(priority: number): Line {
    const lines = this.lines;
    if (this.discipline === 'fifo') return lines[0];
    // Binary search for the class; new classes are inserted in order.
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid].priority < priority) lo = mid + 1;
      else hi = mid;
    }
    if (lo < lines.length && lines[lo].priority === priority) return lines[lo];
    const line: Line = { priority, items: [], head: 0 };
    lines.splice(lo, 0, line);
    return line;
  }

  /** Takes the waiting request at `items[i]` off the line; granted heads leave at once, others lazily. */
  private take(line: Line, i: number): Request {
    const req = line.items[i];
    if (i === line.head) line.head++;
    else this.dead++;
    this.waitingCount--;
    this.waitingAmount = this.waitingCount === 0 ? 0 : this.waitingAmount - req.amount;
    this.queue.update(this.sim.now, this.waitingCount);
    return req;
  }

  /** A waiting request leaves without being granted; its entry stays in the line until reached. */
  private leave(req: Request, state: 'reneged' | 'cancelled'): void {
    if (req.renegeHandle >= 0) this.sim.cancel(req.renegeHandle);
    req.renegeHandle = -1;
    req.state = state;
    req.endedAt = this.sim.now;
    this.dead++;
    this.waitingCount--;
    this.waitingAmount = this.waitingCount === 0 ? 0 : this.waitingAmount - req.amount;
    this.queue.update(this.sim.now, this.waitingCount);
  }

  private grant(req: Request): void {
    const now = this.sim.now;
    if (req.renegeHandle >= 0) this.sim.cancel(req.renegeHandle); // no stale timers left on the calendar
    req.renegeHandle = -1;
    req.state = 'granted';
    req.grantedAt = now;
    this.holders++;
    this.used += req.amount;
    this.busy.update(now, this.used);
    this.waits.record(now - req.requestedAt);
    this.grantedCount++;
    req.onGrant(req);
  }

  /**
   * Grants `first` (a newcomer that fits), then whoever else fits. Re-entrant
   * calls (an onGrant that releases or requests) only flag another pass, so
   * the list is never walked by two loops at once, nobody is granted twice and
   * the stack does not grow.
   */
  private dispatch(first?: Request): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    try {
      // After a newcomer's grant, others can only fit if its onGrant changed something.
      this.again = first === undefined;
      if (first !== undefined) this.grant(first);
      while (this.again) {
        this.again = false;
        if (this.overtaking) this.firstFit();
        else this.headOfLine();
      }
    } finally {
      this.dispatching = false;
    }
    // Rebuild once dead entries or empty classes make up most of the list.
    if ((this.dead > 64 && this.dead > this.waitingCount) || this.lines.length > 2 * this.waitingCount + 16) {
      for (const line of this.lines) {
        line.items = line.items.filter((r, i) => i >= line.head && r.state === 'waiting');
        line.head = 0;
      }
      if (this.discipline === 'priority') this.lines = this.lines.filter((l) => l.items.length > 0);
      this.dead = 0;
    }
  }

  private headOfLine(): void {
    for (let line = this.front(); line !== undefined && this.fits(line.items[line.head].amount); line = this.front()) {
      this.grant(this.take(line, line.head));
    }
  }

  private firstFit(): void {
    // Lines may gain entries (or classes) from onGrant during the walk; indices stay valid as nothing is removed.
    for (let l = 0; l < this.lines.length; l++) {
      const line = this.lines[l];
      for (let i = line.head; i < line.items.length; i++) {
        if (!this.fits(this.smallest)) return;
        const req = line.items[i];
        if (req.state !== 'waiting') {
          if (i === line.head) {
            line.head++;
            this.dead--;
          }
        } else if (this.fits(req.amount)) this.grant(this.take(line, i));
      }
    }
  }
}
