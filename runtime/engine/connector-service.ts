/**
 * Service and send tasks call connectors, but never from inside the engine run: the run is
 * part of the caller's database transaction, and an outside call there could neither be
 * rolled back nor retried. The task's Service only registers the call and keeps the
 * engine's callback; the step stores a durable job for it, and the job runner calls the
 * connector outside any lock, then completes the task in a later step through `complete`.
 *
 * The callback is the engine's own continuation of the service task, so completing it is
 * the same as a synchronous service returning, and a recovered engine re-registers the call
 * (bpmn-elements executes a waiting service task again on resume).
 */
import type { ActivityLike, MessageLike } from './bpmn.js';
import { readEsbProperties, type EsbInput } from './extension.js';

type Callback = (err: Error | null, output?: unknown) => void;

export interface ServiceCall {
  elementId: string;
  executionId: string;
  activity: ActivityLike;
  connector?: string;
  /** Resolved only when a job is created for the call, not on every recovery. */
  resolveInput(): Record<string, unknown>;
  complete(output: unknown): void;
  fail(error: Error): void;
}

const SERVICE_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask']);

/** bpmn-engine `extensions` entry: gives service and send tasks the registering Service. */
export function connectorServiceExtension(calls: Map<string, ServiceCall>) {
  return function esbConnectors(activity: ActivityLike) {
    if (!SERVICE_TYPES.has(activity.type)) return undefined;
    activity.behaviour.Service = function ConnectorService() {
      let current: string | undefined;
      return {
        execute(executeMessage: MessageLike, callback: Callback) {
          const executionId = (current = executeMessage.content.executionId);
          const { properties } = readEsbProperties(activity.behaviour);
          calls.set(executionId, {
            elementId: activity.id,
            executionId,
            activity,
            ...(properties.connector && { connector: properties.connector }),
            resolveInput: () => resolveInputs(activity, executeMessage, properties.inputs ?? []),
            complete(output) {
              calls.delete(executionId);
              callback(null, output);
            },
            fail(error) {
              calls.delete(executionId);
              callback(error);
            },
          });
        },
        // An interrupting boundary event discards the task: its call is no longer wanted.
        discard() {
          if (current) calls.delete(current);
        },
        stop() {},
      };
    };
    return { activate() {}, deactivate() {} };
  };
}

export function resolveInputs(activity: ActivityLike, message: Pick<MessageLike, 'content'>, inputs: EsbInput[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const input of inputs) {
    result[input.name] = isExpression(input.value)
      ? activity.environment.resolveExpression(input.value, message)
      : input.value;
  }
  return result;
}

function isExpression(value: string): boolean {
  return value.startsWith('=') || /^[$#]\{[\s\S]*\}$/.test(value);
}
