/**
 * queue-events.ts: queues keep smqp's behaviour with the plain emitter: the broker's
 * bookkeeping of consumers and queues, bindings of deleted queues, listeners on a queue.
 */
import { Broker } from 'smqp';
import { installQueueEvents } from '../../../runtime/engine/queue-events.js';

const installed = installQueueEvents();

describe('queue events without an exchange per queue', () => {
  it('is installed for the smqp the project pins (a bump that changes createQueue leaves smqp as it is)', () => {
    expect(installed).toBe(true);
    expect((Broker().assertQueue('q') as unknown as { events: object }).events.constructor.name).toBe('QueueEvents');
  });

  it('keeps the broker\'s consumers by tag, refuses a taken tag, forgets cancelled ones', () => {
    const broker = Broker();
    broker.assertExchange('run', 'topic');
    broker.assertQueue('run-q');
    broker.bindQueue('run-q', 'run', 'run.#');
    const seen: string[] = [];
    broker.consume('run-q', (routingKey: string, message: { ack(): void }) => {
      seen.push(routingKey);
      message.ack();
    }, { consumerTag: 'runner' });
    expect(broker.getConsumer('runner')).toBeDefined();
    expect(broker.consumerCount).toBe(1);
    expect(() => broker.consume('run-q', () => {}, { consumerTag: 'runner' })).toThrow(/unique/);
    broker.publish('run', 'run.enter', { id: 'a' });
    broker.publish('run', 'run.start', { id: 'a' });
    expect(seen).toEqual(['run.enter', 'run.start']);
    broker.cancel('runner');
    expect(broker.getConsumer('runner')).toBeUndefined();
    expect(broker.consumerCount).toBe(0);
  });

  it('deletes a temporary queue with its binding when its consumer goes, and forgets it', () => {
    const broker = Broker();
    const exchange = broker.assertExchange('event', 'topic');
    const got: unknown[] = [];
    const consumer = broker.subscribeTmp('event', 'activity.#', (_key: string, message: { content?: unknown }) => got.push(message.content), { noAck: true });
    const queueName = (consumer as unknown as { queue: { name: string } }).queue.name;
    expect(broker.getQueue(queueName)).toBeDefined();
    expect(exchange.bindingCount).toBe(1);
    broker.publish('event', 'activity.wait', { id: 'task' });
    expect(got).toEqual([{ id: 'task' }]);
    consumer.cancel();
    expect(broker.getQueue(queueName)).toBeUndefined();
    expect(exchange.bindingCount).toBe(0);
    expect(broker.queueCount).toBe(0);
  });

  it('calls a queue\'s listeners at once, in order, until they are cancelled or taken off', () => {
    const broker = Broker();
    const queue = broker.assertQueue('q', { autoDelete: false });
    const calls: string[] = [];
    const first = queue.on('depleted', (routingKey: string, message: { content: { name: string } }) => calls.push(`1:${routingKey}:${message.content.name}`));
    const second = (routingKey: string) => calls.push(`2:${routingKey}`);
    queue.on('depleted', second);
    queue.queueMessage({ routingKey: 'x' }, {});
    queue.get()!.ack();
    expect(calls).toEqual(['1:queue.depleted:q', '2:queue.depleted']);
    first.cancel();
    queue.off('depleted', second);
    queue.queueMessage({ routingKey: 'x' }, {});
    queue.get()!.ack();
    expect(calls).toHaveLength(2);
  });

  it('refuses a second queue of the same name, as smqp does', () => {
    const broker = Broker();
    broker.createQueue('same');
    expect(() => broker.createQueue('same')).toThrow(expect.objectContaining({ code: 'ERR_SMQP_QUEUE_NAME_CONFLICT' }));
  });
});
