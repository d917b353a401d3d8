/** What an event does when it fires; `arg` is whatever was scheduled with it. */
export type EventHandler<T = any> = (arg: T) => void;

/** An opaque handle to a scheduled event, for cancelling it. */
export type EventHandle = number;

const SLOT_BITS = 24;
const SLOT_LIMIT = 2 ** SLOT_BITS; // pending events at once
const GEN_MASK = 2 ** 28 - 1; // generations wrap; a stale handle would need 2^28 reuses to collide

/**
 * The event calendar: a binary min-heap ordered by (time, priority, insertion
 * sequence), held in typed arrays so that scheduling and firing allocate nothing.
 * Cancelled events stay in the heap and are skipped when they surface; the heap
 * is rebuilt when they would make up most of it. Taking the root leaves a hole
 * that the next push fills with one sift-down, since most handlers schedule a
 * follow-up: one heap pass per event instead of two.
 */
export class Calendar {
  // Heap, parallel arrays: the time of each entry and the slot holding the rest.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private size = 0;
  // Slots: one per pending event, recycled through a free list.
  private slotHandler: (EventHandler | undefined)[] = [];
  private slotArg: unknown[] = [];
  private slotPriority: Int32Array;
  private slotSeq: Float64Array;
  private slotGen: Int32Array;
  private free: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private seq = 0;
  private cancelled = 0;
  private hole = false; // heap[0] is vacant: its event was taken by popDue

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.slotPriority = new Int32Array(n);
    this.slotSeq = new Float64Array(n);
    this.slotGen = new Int32Array(n);
    this.free = new Int32Array(n);
  }

  /** Events waiting to fire (cancelled ones excluded). */
  get pending(): number {
    return this.size - this.cancelled - (this.hole ? 1 : 0);
  }

  /** Time of the next live event, or Infinity when none is pending. */
  peekTime(): number {
    if (this.hole) this.fillHole();
    this.dropCancelledHead();
    return this.size > 0 ? this.heapTime[0] : Infinity;
  }

  /** Adds an event; lower `priority` fires first among events at the same time. */
  push<T>(time: number, handler: EventHandler<T>, arg: T, priority: number): EventHandle {
    const slot = this.takeSlot();
    this.slotHandler[slot] = handler;
    this.slotArg[slot] = arg;
    this.slotPriority[slot] = priority;
    this.slotSeq[slot] = this.seq++;
    if (this.hole) {
      this.hole = false;
      this.siftDown(0, time, slot);
    } else {
      if (this.size === this.heapTime.length) this.growHeap();
      this.siftUp(this.size++, time, slot);
    }
    return this.slotGen[slot] * SLOT_LIMIT + slot;
  }

  /** Cancels a pending event; returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const gen = (handle - slot) / SLOT_LIMIT;
    if (slot >= this.slotsUsed || this.slotGen[slot] !== gen || this.slotHandler[slot] === undefined) {
      return false;
    }
    this.slotHandler[slot] = undefined;
    this.slotArg[slot] = undefined;
    this.slotGen[slot] = (gen + 1) & GEN_MASK; // invalidate the handle now
    this.cancelled++;
    if (this.hole) this.fillHole();
    if (this.cancelled > 1024 && this.cancelled * 2 > this.size) this.compact();
    return true;
  }

  /** Time of the event most recently taken by `popDue`. */
  lastTime = 0;

  /**
   * Takes the next live event if it is due at or before `until`: returns its
   * slot for `fire` (its time in `lastTime`), or -1. Split from `fire` so the
   * clock can move between the two.
   */
  popDue(until: number): number {
    if (this.hole) this.fillHole();
    this.dropCancelledHead();
    if (this.size === 0 || this.heapTime[0] > until) return -1;
    this.lastTime = this.heapTime[0];
    this.hole = true;
    return this.heapSlot[0];
  }

  /** Fires the event in a slot returned by `popSlot`, freeing the slot first. */
  fire(slot: number): void {
    const handler = this.slotHandler[slot] as EventHandler;
    const arg = this.slotArg[slot];
    this.releaseSlot(slot);
    handler(arg);
  }

  /** Empties the calendar. */
  clear(): void {
    if (this.hole) this.fillHole();
    for (let i = 0; i < this.size; i++) this.releaseSlot(this.heapSlot[i]);
    this.size = 0;
    this.cancelled = 0;
  }

  /** Closes the hole at the root the usual way: the last entry moves up and sinks. */
  private fillHole(): void {
    this.hole = false;
    this.removeRoot();
  }

  private dropCancelledHead(): void {
    while (this.size > 0 && this.slotHandler[this.heapSlot[0]] === undefined) {
      const slot = this.heapSlot[0];
      this.removeRoot();
      this.cancelled--;
      this.freeSlot(slot);
    }
  }

  private takeSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.slotsUsed === this.slotGen.length) this.growSlots();
    return this.slotsUsed++;
  }

  private releaseSlot(slot: number): void {
    // The handler and argument stay until the slot is reused: the bumped generation already makes old handles fail.
    this.slotGen[slot] = (this.slotGen[slot] + 1) & GEN_MASK;
    this.freeSlot(slot);
  }

  private freeSlot(slot: number): void {
    this.free[this.freeCount++] = slot;
  }

  /** True when entry (ta, sa) fires before (tb, sb). */
  private before(ta: number, sa: number, tb: number, sb: number): boolean {
    if (ta !== tb) return ta < tb;
    const pa = this.slotPriority[sa];
    const pb = this.slotPriority[sb];
    return pa !== pb ? pa < pb : this.slotSeq[sa] < this.slotSeq[sb];
  }

  private siftUp(i: number, time: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = ht[parent];
      if (time > pt || (time === pt && !this.before(time, slot, pt, hs[parent]))) break;
      ht[i] = pt;
      hs[i] = hs[parent];
      i = parent;
    }
    ht[i] = time;
    hs[i] = slot;
  }

  private removeRoot(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.heapTime[last], this.heapSlot[last]);
  }

  private siftDown(i: number, time: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const n = this.size;
    const half = n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < n) {
        const lt = ht[child];
        const rt = ht[right];
        // Arithmetic, not a branch: which child is smaller is a coin toss the CPU cannot predict.
        if (rt !== lt) child += +(rt < lt);
        else if (this.before(rt, hs[right], lt, hs[child])) child = right;
      }
      const ct = ht[child];
      if (time < ct || (time === ct && this.before(time, slot, ct, hs[child]))) break;
      ht[i] = ct;
      hs[i] = hs[child];
      i = child;
    }
    ht[i] = time;
    hs[i] = slot;
  }

  /** Drops cancelled entries and re-heapifies, so memory tracks live events. */
  private compact(): void {
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const slot = this.heapSlot[i];
      if (this.slotHandler[slot] === undefined) this.freeSlot(slot);
      else {
        this.heapTime[n] = this.heapTime[i];
        this.heapSlot[n++] = slot;
      }
    }
    this.size = n;
    this.cancelled = 0;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, this.heapTime[i], this.heapSlot[i]);
  }

  private growHeap(): void {
    const n = this.heapTime.length * 2;
    this.heapTime = grow(this.heapTime, new Float64Array(n));
    this.heapSlot = grow(this.heapSlot, new Int32Array(n));
  }

  private growSlots(): void {
    const n = this.slotGen.length * 2;
    if (n > SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} events pending at once`);
    this.slotPriority = grow(this.slotPriority, new Int32Array(n));
    this.slotSeq = grow(this.slotSeq, new Float64Array(n));
    this.slotGen = grow(this.slotGen, new Int32Array(n));
    this.free = grow(this.free, new Int32Array(n));
  }
}

function grow<A extends Float64Array | Int32Array>(from: A, to: A): A {
  to.set(from);
  return to;
}
