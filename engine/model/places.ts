import { Priority, type Simulation } from '../des/simulation.ts';

// Relative tolerance for "fits", so five claims of 0.2 fit in a capacity of 1 despite rounding.
const FIT_TOLERANCE = 1e-9;

/** A growable list of int32s with a head: one class of a waiting list. */
class Line {
  items = new Int32Array(16);
  head = 0;
  tail = 0;
  push(x: number): void {
    if (this.tail === this.items.length) {
      if (this.head * 2 >= this.tail) {
        // Mostly taken: slide the live part down rather than grow.
        this.items.copyWithin(0, this.head, this.tail);
        this.tail -= this.head;
        this.head = 0;
      } else {
        const bigger = new Int32Array(this.items.length * 2);
        bigger.set(this.items);
        this.items = bigger;
      }
    }
    this.items[this.tail++] = x;
  }
}

/** What the pathway hears from a service's places: a grant (with when it was asked for) and a renege, by person. */
export interface PlacesListener {
  granted(person: number, requestedAt: number): void;
  reneged(person: number): void;
}

/**
 * A service's places, as the pathway uses them: capacity held by people, and a
 * waiting list in strict order (a head that does not fit blocks those behind
 * it), one FIFO line per priority class (0, returners first, then 1) or one
 * line for all under FIFO. It does what the general `Resource` does for the
 * pathway, with the same order of grants and events, but keeps requests as
 * entries in typed arrays instead of objects: a request is an entry index.
 * Nobody is pre-empted when capacity falls.
 */
export class Places {
  capacity: number;
  /** Amount in use. */
  inUse = 0;
  /** Requests waiting, and the amount they claim. */
  queueLength = 0;
  queueAmount = 0;

  private readonly sim: Simulation;
  private readonly listener: PlacesListener;
  private readonly lines: Line[];
  private holders = 0; // granted, not yet released: lets `inUse` snap back to exactly 0
  private dispatching = false;
  private again = false;
  // Entries, one per request that waited: who, how much, since when, whether still waiting, its renege event.
  private person = new Int32Array(16);
  private amount = new Float64Array(16);
  private requestedAt = new Float64Array(16);
  private waiting = new Uint8Array(16);
  private renegeEvent = new Float64Array(16);
  private entries = 0;
  /** Schedules a person's renege event with the pathway's dispatcher; returns its handle. */
  private readonly scheduleRenege: (person: number, patience: number) => number;

  constructor(sim: Simulation, capacity: number, changes: readonly { at: number; capacity: number }[], priority: boolean, listener: PlacesListener, scheduleRenege: (person: number, patience: number) => number) {
    this.sim = sim;
    this.listener = listener;
    this.scheduleRenege = scheduleRenege;
    this.lines = priority ? [new Line(), new Line()] : [new Line()];
    this.capacity = capacity;
    for (const step of changes) {
      if (step.at <= sim.now) this.capacity = step.capacity;
      // Urgent: the new capacity applies before releases and arrivals at the same instant.
      else sim.at(step.at, this.setCapacity, step.capacity, Priority.urgent);
    }
  }

  /**
   * Person `p` asks for `amount` in class `priority` (0 or 1), waiting at most
   * `patience`. Granted at once (the listener hears it before this returns,
   * and -1 comes back) when it fits and nobody is ahead; otherwise it joins the
   * line and its entry comes back.
   */
  request(p: number, amount: number, priority: number, patience: number): number {
    if (!this.dispatching && this.fits(amount) && !this.aheadOf(priority)) {
      this.dispatching = true;
      this.again = false;
      this.holders++;
      this.inUse += amount;
      this.listener.granted(p, this.sim.now);
      this.loop();
      return -1;
    }
    const e = this.entry(p, amount);
    this.lines[this.lines.length === 1 ? 0 : priority].push(e);
    this.queueLength++;
    this.queueAmount += amount;
    if (patience < Infinity) this.renegeEvent[e] = this.scheduleRenege(p, patience);
    // Inside a grant: the running dispatch loop picks this request up.
    if (this.dispatching) this.again = true;
    return e;
  }

  /** Takes `amount` at once, even above capacity and ahead of the line, for load that never waits. */
  occupy(amount: number): void {
    this.holders++;
    this.inUse += amount;
  }

  /** Gives back a held amount and grants whoever now fits. */
  release(amount: number): void {
    this.holders--;
    this.inUse = this.holders === 0 ? 0 : this.inUse - amount;
    this.dispatch();
  }

  /** Takes a waiting entry off the list without a callback. */
  withdraw(e: number): void {
    if (this.waiting[e] === 0) return;
    this.leave(e);
    this.dispatch(); // under strict order a withdrawn head unblocks those behind it
  }

  /** Entry e's patience has run out. */
  renege(e: number): void {
    this.renegeEvent[e] = -1;
    this.leave(e);
    this.listener.reneged(this.person[e]);
    this.dispatch(); // a reneged head can unblock those behind it
  }

  private readonly setCapacity = (capacity: number): void => {
    this.capacity = capacity;
    this.dispatch();
  };

  private fits(amount: number): boolean {
    return amount <= this.capacity - this.inUse + FIT_TOLERANCE * Math.max(1, this.capacity);
  }

  /** True if a waiting request ranks at or ahead of a newcomer in class `priority`. */
  private aheadOf(priority: number): boolean {
    if (this.queueLength === 0) return false;
    if (this.lines.length === 1) return true;
    const front = this.front();
    return front >= 0 && front <= priority;
  }

  /** The class whose head is next in strict order (dead heads dropped), or -1. */
  private front(): number {
    for (let c = 0; c < this.lines.length; c++) {
      const line = this.lines[c];
      while (line.head < line.tail && this.waiting[line.items[line.head]] === 0) line.head++;
      if (line.head < line.tail) return c;
      line.head = line.tail = 0;
    }
    return -1;
  }

  private entry(p: number, amount: number): number {
    if (this.entries === this.person.length) {
      const n = this.entries * 2;
      this.person = grown(this.person, new Int32Array(n));
      this.amount = grown(this.amount, new Float64Array(n));
      this.requestedAt = grown(this.requestedAt, new Float64Array(n));
      this.waiting = grown(this.waiting, new Uint8Array(n));
      this.renegeEvent = grown(this.renegeEvent, new Float64Array(n));
    }
    const e = this.entries++;
    this.person[e] = p;
    this.amount[e] = amount;
    this.requestedAt[e] = this.sim.now;
    this.waiting[e] = 1;
    this.renegeEvent[e] = -1;
    return e;
  }

  /** A waiting entry leaves the list (granted, reneged or withdrawn); its slot in the line is skipped when reached. */
  private leave(e: number): void {
    if (this.renegeEvent[e] >= 0) this.sim.cancel(this.renegeEvent[e]);
    this.renegeEvent[e] = -1;
    this.waiting[e] = 0;
    this.queueLength--;
    this.queueAmount = this.queueLength === 0 ? 0 : this.queueAmount - this.amount[e];
  }

  /**
   * Grants whoever fits, head first. Re-entrant calls (a grant that releases)
   * only flag another pass, so the list is never walked by two loops at once.
   */
  private dispatch(): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    this.again = true;
    this.loop();
  }

  private loop(): void {
    try {
      while (this.again) {
        this.again = false;
        for (let c = this.front(); c >= 0; c = this.front()) {
          const line = this.lines[c];
          const e = line.items[line.head];
          if (!this.fits(this.amount[e])) break;
          line.head++;
          this.leave(e);
          this.holders++;
          this.inUse += this.amount[e];
          this.listener.granted(this.person[e], this.requestedAt[e]);
        }
      }
    } finally {
      this.dispatching = false;
    }
  }
}

function grown<A extends Int32Array | Float64Array | Uint8Array>(from: A, to: A): A {
  to.set(from);
  return to;
}
