/**
 * smqp gives every queue of every broker its own event exchange: each queue event (a
 * consumer added or cancelled, the queue depleted, deleted) is published on that exchange,
 * routed through its delivery queue into a bound queue and consumed there: two smqp messages,
 * with generated ids, per event. The only listeners are the broker's own bookkeeping (its
 * consumers and queues by name) and the queue's bindings (a deleted queue unbinds); events
 * are a third of the messages a step creates. Here each queue of a broker gets a plain
 * synchronous emitter instead, with the part of the exchange's interface queues use
 * (`emit`, `on` returning something to `cancel`, `off`): the listeners are called at once, in
 * the order they were added, with a message-shaped `{ fields, content, properties }`.
 */
import { Broker, Queue, SmqpError, ERR_QUEUE_NAME_CONFLICT, getRoutingKeyPattern } from 'smqp';

type Handler = (routingKey: string, message: EventMessage, owner?: unknown) => void;

interface EventMessage {
  fields: { routingKey: string };
  content: unknown;
  properties: Record<string, unknown>;
}

interface Listener {
  pattern: string;
  test: { test(routingKey: string): boolean };
  handler: Handler;
  consumerTag?: string;
  cancelled: boolean;
  cancel(): void;
}

class QueueEvents {
  private listeners: Listener[] = [];

  emit(routingKey: string, content: unknown): void {
    if (!this.listeners.length) return;
    const message: EventMessage = { fields: { routingKey }, content, properties: {} };
    for (const listener of this.listeners.slice()) {
      if (!listener.cancelled && listener.test.test(routingKey)) listener.handler(routingKey, message);
    }
  }

  on(pattern: string, handler: Handler, options?: { consumerTag?: string }): Listener {
    const listeners = this.listeners;
    const listener: Listener = {
      pattern,
      test: getRoutingKeyPattern(pattern) as Listener['test'],
      handler,
      consumerTag: options?.consumerTag,
      cancelled: false,
      cancel() {
        listener.cancelled = true;
        const i = listeners.indexOf(listener);
        if (i !== -1) listeners.splice(i, 1);
      },
    };
    listeners.push(listener);
    return listener;
  }

  off(pattern: string, handler: Handler | { consumerTag?: string }): void {
    const consumerTag = (handler as { consumerTag?: string }).consumerTag;
    for (const listener of this.listeners.slice()) {
      if (listener.pattern !== pattern) continue;
      if (consumerTag ? listener.consumerTag === consumerTag : listener.handler === handler) listener.cancel();
    }
  }
}

const kEntities = Symbol.for('entities');
const kEventHandler = Symbol.for('eventHandler');
let installed = false;

/**
 * The createQueue this replaces, as smqp 11 wrote it: the patch is for that code only. Another
 * smqp (a bump of bpmn-engine) keeps its own queues, slower but as it was tested upstream.
 */
const REPLACED = /new EventExchange\(`\$\{queueName\}__events`\)/;

/**
 * Installs the emitter for queues created from now on (idempotent). Returns whether it did:
 * false when the installed smqp is not the one this was written for.
 */
export function installQueueEvents(): boolean {
  if (installed) return true;
  const proto = Broker.prototype as unknown as Record<string | symbol, unknown>;
  if (typeof proto.createQueue !== 'function' || !REPLACED.test(String(proto.createQueue))) return false;
  installed = true;
  proto.createQueue = function createQueue(this: Record<symbol, any>, queueName?: string | null, options?: Record<string, unknown>) {
    if (queueName && typeof queueName !== 'string') throw new TypeError('queue name must be a string');
    // smqp's own checks and names (Broker.prototype.createQueue in smqp 11).
    if (queueName && (this as unknown as { getQueue(n: string): unknown }).getQueue(queueName)) {
      throw new SmqpError(`Queue named ${queueName} already exists`, ERR_QUEUE_NAME_CONFLICT);
    }
    const events = new QueueEvents();
    this[kEventHandler].listen(events);
    const queue = new Queue(queueName ?? undefined, options, events as never);
    this[kEntities].get('queues').set(queue.name, queue);
    return queue;
  };
  return true;
}
