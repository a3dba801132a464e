/**
 * state.ts: the stored state text is built in one JSON pass (queues hand over their messages
 * without smqp's deep copy while it is built), and is the same text as the lean state object's.
 */
import { Broker } from 'smqp';
import { parseDefinition } from '../../../runtime/engine/definitions.js';
import { runtimeElements } from '../../../runtime/engine/elements.js';
import { EngineHost, type HostConfig } from '../../../runtime/engine/host.js';
import { installLeanQueueState, type LeanState } from '../../../runtime/engine/state.js';
import { safeEngineOptions } from '../../../runtime/expressions/index.js';
import { fixture } from './harness.js';

const installed = installLeanQueueState();
const ORDER = ['receive', 'process', 'approve'];
const DECISIONS: Record<string, string> = { receive: 'accept', process: 'forward', approve: 'approve' };

async function config(): Promise<HostConfig> {
  const definition = await parseDefinition(fixture('bench-cycle'), { elements: runtimeElements });
  return { sourceContext: definition.sourceContext, engineOptions: safeEngineOptions(), maxActivitiesPerRun: 500 };
}

function queuedMessages(state: unknown): number {
  let count = 0;
  JSON.stringify(state, (key, value) => {
    if (key === 'messages' && Array.isArray(value)) count += value.length;
    return value;
  });
  return count;
}

describe('the stored state text', () => {
  it('is installed for the smqp the project pins (a bump that changes Queue.getState keeps smqp\'s copy)', () => {
    expect(installed).toBe(true);
  });

  it('is the JSON of the lean state, queued messages included, at every step, and recovers to the task the run waits for', async () => {
    const cfg = await config();
    let host = await EngineHost.start(cfg, { applicant: 'Nguyễn Văn A', fee: 50000 });
    for (let i = 0; i < 5; i++) {
      const text = host.stateText();
      expect(text).toBe(JSON.stringify(host.state()));
      expect(queuedMessages(JSON.parse(text))).toBeGreaterThan(0);
      host = await EngineHost.recover(cfg, JSON.parse(text) as LeanState);
      const api = host.waits().find((w) => w.owner?.type === 'bpmn:UserTask')!;
      expect(api.id).toBe(ORDER[i % ORDER.length]);
      await host.act(() => api.signal({ decision: DECISIONS[api.id] }));
    }
  });

  it('leaves out the elements that never ran, and a recovered instance runs them as new when it reaches them', async () => {
    const cfg = await config();
    const host = await EngineHost.start(cfg, {});
    const elementIds = (state: LeanState) => {
      const execution = (state.definitions[0] as unknown as { execution: { processes: Array<{ execution: { children: Array<{ id: string }>; flows?: Array<{ id: string }> } }> } }).execution.processes[0].execution;
      return { children: execution.children.map((c) => c.id), flows: (execution.flows ?? []).map((f) => f.id) };
    };
    const first = JSON.parse(host.stateText()) as LeanState;
    expect(elementIds(first)).toEqual({ children: ['submitted', 'receive'], flows: ['f1'] });

    let recovered = await EngineHost.recover(cfg, first);
    await recovered.act(() => recovered.waits().find((w) => w.id === 'receive')!.signal({}));
    const second = JSON.parse(recovered.stateText()) as LeanState;
    expect(elementIds(second)).toEqual({ children: ['submitted', 'receive', 'process', 'processLate'], flows: ['f1', 'f2'] });

    recovered = await EngineHost.recover(cfg, second);
    expect(recovered.waits().map((w) => w.id)).toEqual(['process']);
    expect(recovered.timers.list()).toEqual([expect.objectContaining({ elementId: 'processLate' })]);
  });

  it('outside the state text, a queue\'s state still holds copies of its messages, not the messages', () => {
    const queue = Broker().assertQueue('q');
    queue.queueMessage({ routingKey: 'x' }, { n: 1 });
    const state = queue.getState() as { messages: Array<{ content: { n: number } }> };
    state.messages[0].content.n = 2;
    expect(queue.peek()!.content).toEqual({ n: 1 });
  });
});
