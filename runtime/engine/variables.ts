/**
 * Process variables, written where the engine's gateways read them.
 *
 * bpmn-elements gives each process and each embedded sub-process run its own environment,
 * a copy of the enclosing one taken when it starts. A value given by an official (or by a
 * message or a connector) is written into the scope of the element that received it and
 * into every enclosing scope up to the process, before the engine is told to continue:
 * the gateway right after sees it (the STACK-NOTES pitfall), gateways after the enclosing
 * sub-process see it too (Camunda's process-instance scope), and it is part of the state
 * the engine saves.
 */
import type { ActivityLike, EnvironmentLike, ProcessLike } from './bpmn.js';
import { RuntimeError } from './errors.js';

/** Keys bpmn-elements copies from the run message into a process's variables; not ours. */
const ENGINE_KEYS = new Set(['fields', 'content', 'properties']);

export function assignToScopes(activity: ActivityLike, values: Record<string, unknown>): void {
  const seen = new Set<EnvironmentLike>();
  let element: ActivityLike | ProcessLike | undefined = activity;
  while (element) {
    const environment = element.environment;
    if (environment && !seen.has(environment)) {
      seen.add(environment);
      environment.assignVariables(values);
    }
    if (element.type === 'bpmn:Process') break;
    element = (element as ActivityLike).parentElement;
  }
}

/** The process-level variables worth storing: what the caller and the steps gave. */
export function publicVariables(environment: EnvironmentLike): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(environment.variables)) {
    if (!ENGINE_KEYS.has(key)) result[key] = value;
  }
  return result;
}

/**
 * Names a completion's data may never set: the engine's own, and the decision variables this
 * module writes (a `decisions` in the data would rewrite what earlier steps decided).
 */
export const RESERVED_COMPLETION_KEYS: ReadonlySet<string> = new Set([...ENGINE_KEYS, 'decision', 'decisions']);

/** Values a task completion contributes: its data, its decision, and the decision by task. */
export function completionValues(
  current: Record<string, unknown>,
  elementId: string,
  isMultiInstance: boolean,
  decision: string | undefined,
  data: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const reserved = Object.keys(data ?? {}).filter((k) => RESERVED_COMPLETION_KEYS.has(k));
  if (reserved.length) {
    throw new RuntimeError('task.input_reserved', `A completion may not set ${reserved.join(', ')}`, { keys: reserved });
  }
  const values: Record<string, unknown> = { ...data };
  if (decision === undefined) return values;
  values.decision = decision;
  const previous = (current.decisions && typeof current.decisions === 'object' ? current.decisions : {}) as Record<string, unknown>;
  // Several officials decide in a multi-instance task: keep every decision, in completion order.
  const mine = isMultiInstance
    ? [...(Array.isArray(previous[elementId]) ? (previous[elementId] as unknown[]) : []), decision]
    : decision;
  values.decisions = { ...previous, [elementId]: mine };
  return values;
}
