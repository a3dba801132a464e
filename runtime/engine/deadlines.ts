/**
 * How a task's share of the time limit becomes a due date. The working-day calendar
 * (runtime/calendar) does the arithmetic; the runtime only asks through this interface, so
 * the server passes the calendar bound to its tenants' decided days, and tests can pass
 * their own.
 */
import type { RuntimeTrx } from '../db.js';

export interface DeadlineRequest {
  tenantId: string;
  /** When the task was created. */
  from: Date;
  /** Working days (decimals allowed: 0.5 is half a working day). */
  days?: number;
  /** Working hours. */
  hours?: number;
}

export interface Deadlines {
  /** The instant at which the given working time has passed since `from`. */
  dueAt(trx: RuntimeTrx, request: DeadlineRequest): Promise<Date> | Date;
}
