/**
 * The `timers` option of bpmn-engine: it records timers instead of scheduling them.
 *
 * bpmn-elements' own Timers call setTimeout, which fires only in a process that still holds
 * the engine and never beyond 2^31-1 ms (24.8 days). Here a timer is only a registration:
 * after a step the runtime stores one durable job per live timer (with the engine's
 * `expireAt`), and the job runner recovers the instance and calls `fire`, which runs the
 * callback the engine gave, exactly as an elapsed setTimeout would.
 *
 * bpmn-elements computes a timer's expiry from the real `new Date()`, and a month as
 * JavaScript's setUTCMonth does (31 January + P1M is 3 March). The durable job is due at
 * `dueOnClock`: the same timer counted from the runtime's clock, months as calendar months
 * in Vietnam. The engine's own expiry is kept beside it only to recognise the same timer
 * when a later step recovers it (see store.ts `syncJobs`). One thing stays on the real
 * clock: bpmn-elements fires at once, without asking for a timer, a date that the real
 * clock has passed, so a test clock set before the machine's date cannot hold an instance
 * until a date between the two.
 */
import { VN_ZONE } from '../calendar/zone.js';

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
  /** When the engine started the timer, by the real clock. */
  startedAt?: Date | string;
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
  /** The engine's expiry, by the real clock. */
  expireAt: Date;
  /** When the engine started it, by the real clock. */
  startedAt?: Date;
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
        ...(owner.startedAt && { startedAt: new Date(owner.startedAt) }),
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

const MS_PER_DAY = 86_400_000;
/** An ISO 8601 duration; fractions only in the smallest unit given, as ISO 8601 allows. */
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
/** A cycle counted from when it is set: `R3/PT10M`, `R/P1D`. Cycles anchored on a date are not. */
const FREE_CYCLE = /^R\d*\/(P[^/]+)$/;

/**
 * When a timer that the engine has just set is due by the runtime's clock `now` (the
 * step's clock). A date is a date. A duration, or a cycle's first interval, is added to
 * `now` as calendar time, as written: years and months move the Vietnamese calendar date
 * (31 January + P1M is 28 February, the month's last day, as java.time and so Camunda
 * count), weeks and days whole days (Vietnam keeps UTC+7 all year), then hours, minutes and
 * seconds. What the runtime cannot read itself (an expression that gave no ISO text, a
 * cycle anchored on a date) keeps the engine's interval, moved to the clock.
 *
 * Never later than the engine's own reckoning from the same instant (UTC dates, months
 * overflowing into the next): a step that recovers the instance after that instant would
 * see the engine fire the timer by itself, so the job must not wait longer. The two differ
 * only at the end of a month, e.g. from 1 March 03:00 in Vietnam (28 February in UTC).
 */
export function dueOnClock(timer: LiveTimer, now: Date): Date {
  if (timer.timerType === 'timeDate') return timer.expireAt;
  const text = timer.value?.trim() ?? '';
  const duration = timer.timerType === 'timeCycle' ? FREE_CYCLE.exec(text)?.[1] : timer.timerType === 'timeDuration' ? text : undefined;
  const parts = duration ? parseDuration(duration) : undefined;
  if (parts) return new Date(Math.min(onCalendar(now, parts), asEngineCounts(now, parts)));
  if (!timer.startedAt) return timer.expireAt;
  return new Date(now.getTime() + (timer.expireAt.getTime() - timer.startedAt.getTime()));
}

/** `at` + an ISO 8601 duration on the Vietnamese calendar; undefined when `duration` is not one. */
export function addIsoDuration(at: Date, duration: string): Date | undefined {
  const parts = parseDuration(duration);
  return parts && new Date(onCalendar(at, parts));
}

interface DurationParts {
  years: number;
  months: number;
  /** Weeks and days, in days. */
  days: number;
  /** Hours, minutes and seconds, in ms. */
  timeMs: number;
}

function parseDuration(duration: string): DurationParts | undefined {
  const m = DURATION.exec(duration);
  if (!m) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((part) => (part ? Number(part.replace(',', '.')) : 0));
  return { years, months, days: weeks * 7 + days, timeMs: ((hours * 60 + minutes) * 60 + seconds) * 1000 };
}

function onCalendar(at: Date, { years, months, days, timeMs }: DurationParts): number {
  const local = VN_ZONE.toLocalMs(at);
  const dayStart = Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
  const date = new Date(dayStart);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + years * 12 + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const movedDay = Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay));
  return VN_ZONE.toInstantMs(movedDay + (local - dayStart) + Math.round(days * MS_PER_DAY + timeMs));
}

/** As bpmn-elements (piso) counts: the time first, then years, months and days on UTC dates. */
function asEngineCounts(at: Date, { years, months, days, timeMs }: DurationParts): number {
  const date = new Date(at.getTime() + timeMs);
  if (years) date.setUTCFullYear(date.getUTCFullYear() + years);
  if (months) date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime() + Math.round(days * MS_PER_DAY);
}
