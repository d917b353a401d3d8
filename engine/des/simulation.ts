import { Calendar, type EventHandle, type EventHandler } from './calendar.ts';

/** Priority classes for events at the same time: lower fires first. */
export const Priority = { urgent: -1, normal: 0, late: 1 } as const;

/**
 * The simulation clock and its event calendar: schedule handlers at future
 * times, cancel them, and run until a time or a condition.
 */
export class Simulation {
  /** Current simulated time. */
  now: number;
  /** Events fired so far. */
  eventsFired = 0;
  private readonly calendar: Calendar;
  private stopped = false;

  constructor(options: { start?: number; initialCapacity?: number } = {}) {
    this.now = options.start ?? 0;
    this.calendar = new Calendar(options.initialCapacity);
  }

  /** Runs `handler(arg)` after `delay`; returns a handle for `cancel`. */
  schedule<T>(delay: number, handler: EventHandler<T>, arg?: T, priority: number = Priority.normal): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`event delay must be a number ≥ 0, got ${delay}`);
    return this.calendar.push(this.now + delay, handler, arg as T, priority);
  }

  /** Runs `handler(arg)` at absolute time `time` (not before now). */
  at<T>(time: number, handler: EventHandler<T>, arg?: T, priority: number = Priority.normal): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`event time must be ≥ now (${this.now}), got ${time}`);
    return this.calendar.push(time, handler, arg as T, priority);
  }

  /** Cancels a scheduled event; false if it has fired or was already cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.calendar.cancel(handle);
  }

  /** Events still to fire. */
  get pending(): number {
    return this.calendar.pending;
  }

  /** Time of the next event, or Infinity. */
  peek(): number {
    return this.calendar.peekTime();
  }

  /** Fires the next event; false when none is left. */
  step(): boolean {
    const slot = this.calendar.popDue(Infinity);
    if (slot < 0) return false;
    this.now = this.calendar.lastTime;
    this.eventsFired++;
    this.calendar.fire(slot);
    return true;
  }

  /**
   * Fires every event due at or before `until`, then leaves the clock at
   * `until` (if finite). A handler may call `stop()` to end the run early.
   */
  run(until = Infinity): this {
    if (until < this.now) throw new RangeError(`cannot run until ${until}: the clock is already at ${this.now}`);
    const cal = this.calendar;
    this.stopped = false;
    let fired = 0;
    while (!this.stopped) {
      const slot = cal.popDue(until);
      if (slot < 0) break;
      this.now = cal.lastTime;
      fired++;
      cal.fire(slot);
    }
    this.eventsFired += fired;
    if (!this.stopped && until !== Infinity) this.now = until;
    return this;
  }

  /** Fires events until `done()` is true (checked after each event) or none are left. */
  runUntil(done: () => boolean): this {
    this.stopped = false;
    while (!this.stopped && !done() && this.step()) {
      // step() moves the clock and fires
    }
    return this;
  }

  /** Ends the current run after the event being fired. */
  stop(): void {
    this.stopped = true;
  }
}
