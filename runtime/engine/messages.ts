/**
 * Messages from outside (the citizen's supplement, a payment callback) reach the element
 * waiting for them: an intermediate message catch event, a receive task, a message start
 * event or a message boundary event.
 */
import type { ApiLike } from './bpmn.js';
import { RuntimeError } from './errors.js';
import type { StepHost } from './step-host.js';
import { assignToScopes } from './variables.js';

export function findMessageWait(host: StepHost, message: string): ApiLike {
  const matches = host.waits().filter((api) => {
    const expected = api.content.message;
    return expected && expected.messageType !== 'signal' && (expected.id === message || expected.name === message);
  });
  if (!matches.length) {
    throw new RuntimeError('message.not_expected', `The process is not waiting for the message "${message}"`, { message });
  }
  if (matches.length > 1) {
    throw new RuntimeError('message.ambiguous', `Several elements wait for the message "${message}"`, {
      message,
      elementIds: matches.map((api) => api.id),
    });
  }
  return matches[0];
}

/** The message's data become process variables before the process goes on. */
export function deliverTo(api: ApiLike, data: Record<string, unknown> | undefined): void {
  if (data) assignToScopes(api.owner, data);
  api.signal({ ...data });
}
