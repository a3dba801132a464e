/**
 * Engines kept alive between the steps of an instance, so that a step need not recover a new
 * engine from the stored state (about half of a step's CPU).
 *
 * The database stays the source of truth: every step still stores the state, and a kept
 * engine is used only when it is proven to be exactly that state:
 * - an engine is kept only after the transaction of its step has committed (ProcessRuntime's
 *   `transaction`); a step that rolls back leaves nothing here;
 * - it is kept with the instance row's version its step wrote, and a step uses it only when
 *   the row it has locked (`FOR UPDATE`) still has that version: a step of another server
 *   process, or any other write that bumps the version, makes it stale;
 * - a step takes the engine out before acting on it; only its own commit puts an engine back.
 *   A step that fails, or whose transaction rolls back, drops it.
 * Memory is bounded: least recently stepped instances go first (about 0.6 MiB each for a
 * small process).
 */
import type { StepHost } from './step-host.js';

export interface LiveEngine {
  instanceId: string;
  /** The process_instances.row_version the engine's state was stored with. */
  rowVersion: number;
  /** The published version the engine runs. */
  versionId: string;
  host: StepHost;
}

export interface LiveEngineStats {
  size: number;
  max: number;
  hits: number;
  misses: number;
}

export class LiveEngines {
  private readonly entries = new Map<string, LiveEngine>();
  /** Steps that used a live engine, and steps that recovered one (counted by the runtime). */
  hits = 0;
  misses = 0;

  constructor(readonly max: number) {}

  /**
   * The instance's engine if it was kept at exactly this row version; the entry leaves the
   * cache either way (a step owns its engine until its commit puts it back).
   */
  take(instanceId: string, rowVersion: number, versionId: string): StepHost | undefined {
    const entry = this.entries.get(instanceId);
    if (entry) this.entries.delete(instanceId);
    return entry && entry.rowVersion === rowVersion && entry.versionId === versionId ? entry.host : undefined;
  }

  /** After a commit: keep the engine unless a newer one of the instance is kept already. */
  put(entry: LiveEngine): void {
    if (this.max <= 0) return;
    const known = this.entries.get(entry.instanceId);
    if (known && known.rowVersion > entry.rowVersion) return;
    this.entries.delete(entry.instanceId);
    this.entries.set(entry.instanceId, entry);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  drop(instanceId: string): void {
    this.entries.delete(instanceId);
  }

  clear(): void {
    this.entries.clear();
  }

  stats(): LiveEngineStats {
    return { size: this.entries.size, max: this.max, hits: this.hits, misses: this.misses };
  }
}
