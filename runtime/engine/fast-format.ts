/**
 * bpmn-elements formats every run message of an activity (enter, start, execute, end, leave)
 * through its broker: it publishes a marker on the `format` exchange, consumes the
 * `format-run-q` queue until the marker comes back, and cancels the consumer: a dozen smqp
 * messages and queue events each time. What it formats with are messages queued there before
 * (input/output and properties of the element, extensions). When the queue is empty, the
 * marker is the only message and the formatter hands the run message back unchanged,
 * synchronously: this extension does exactly that without the round trip, and leaves every
 * other case to bpmn-elements.
 */
import type { ActivityLike } from './bpmn.js';

type FormatCallback = (err: Error | null, content?: unknown, formatted?: boolean) => void;

interface Formattable {
  formatter?: { format(message: { content: unknown }, callback: FormatCallback): void };
  broker: { getQueue(name: string): { messageCount: number } | undefined };
}

/** bpmn-engine `extensions` entry; adds no behaviour of its own. */
export function fastFormatting(activity: ActivityLike): undefined {
  const element = activity as unknown as Formattable;
  if (activity.type === 'bpmn:Process' || !('formatter' in element)) return undefined;
  const formatter = element.formatter;
  if (!formatter) return undefined;
  const format = formatter.format;
  formatter.format = function formatUnlessNothingToFormat(message, callback) {
    const queue = element.broker.getQueue('format-run-q');
    if (queue && queue.messageCount === 0) return callback(null, message.content, false);
    return format.call(this, message, callback);
  };
  return undefined;
}
