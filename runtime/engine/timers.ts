/**
 * The `timers` option of bpmn-engine: it records timers instead of scheduling them.
 *
 * bpmn-elements' own Timers call setTimeout, which fires only in a process that still holds
 * the engine and never beyond 2^31-1 ms (24.8 days). Here a timer is only a registration:
 * after a step the runtime stores one durable job per live timer (with the engine's
 * `expireAt`), and the job runner recovers the instance and calls `fire`, which runs the
 * callback the engine gave, exactly as an elapsed setTimeout would.
 */

/** What TimerEventDefinition passes to `register`: the timer's message content. */
export interface TimerOwner {
  id: string;
  executionId: string;
  expireAt?: Date | string;
  timerType?: string;
  timeDuration?: string;
  timeDate?: string;
  timeCycle?: string;
  repeat?: number;
  parent?: { id?: string; executionId?: string };
}

export interface TimerRef {
  readonly timerId: string;
  readonly owner: TimerOwner | null;
  readonly delay: number;
  readonly expireAt: Date;
  /** bpmn-engine's Execution reads this; a registration has no native timer. */
  timerRef: null;
  callback: (...args: unknown[]) => void;
  args: unknown[];
}

/** A live timer as the runtime persists it. */
export interface LiveTimer {
  elementId: string;
  executionId: string;
  expireAt: Date;
  timerType?: string;
  value?: string;
}

export class DurableTimers {
  private readonly live = new Set<TimerRef>();
  private count = 0;

  constructor() {
    // The engine calls these detached (`const { setTimeout } = timers`).
    this.setTimeout = this.setTimeout.bind(this);
    this.clearTimeout = this.clearTimeout.bind(this);
  }

  /** bpmn-engine clears these on stop and end. */
  get executing(): TimerRef[] {
    return [...this.live];
  }

  register(owner: TimerOwner) {
    return {
      setTimeout: (callback: (...args: unknown[]) => void, delay: number, ...args: unknown[]) =>
        this.add(owner, callback, delay, args),
      clearTimeout: (ref: TimerRef | undefined) => this.clearTimeout(ref),
    };
  }

  setTimeout(callback: (...args: unknown[]) => void, delay: number, ...args: unknown[]): TimerRef {
    return this.add(null, callback, delay, args);
  }

  clearTimeout(ref: TimerRef | undefined): undefined {
    if (ref) this.live.delete(ref);
    return undefined;
  }

  /** Timers of BPMN timer events that are waiting now. */
  list(): LiveTimer[] {
    const result: LiveTimer[] = [];
    for (const ref of this.live) {
      const owner = ref.owner;
      if (!owner?.executionId) continue;
      const value = owner.timerType ? (owner as unknown as Record<string, unknown>)[owner.timerType] : undefined;
      result.push({
        elementId: owner.id,
        executionId: owner.executionId,
        expireAt: ref.expireAt,
        ...(owner.timerType && { timerType: owner.timerType }),
        ...(typeof value === 'string' && { value }),
      });
    }
    return result;
  }

  /** Fire the timer of this execution as if its time had come. False when no such timer waits. */
  fire(executionId: string): boolean {
    for (const ref of this.live) {
      if (ref.owner?.executionId !== executionId) continue;
      this.live.delete(ref);
      ref.callback(...ref.args);
      return true;
    }
    return false;
  }

  private add(owner: TimerOwner | null, callback: (...args: unknown[]) => void, delay: number, args: unknown[]): TimerRef {
    // The engine's own expiry is the truth (it survives recover); delay is only its difference to now.
    const expireAt = owner?.expireAt ? new Date(owner.expireAt) : new Date(Date.now() + delay);
    const ref: TimerRef = { timerId: `timer_${this.count++}`, owner, delay, expireAt, timerRef: null, callback, args };
    this.live.add(ref);
    return ref;
  }
}
