import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from 'bpmn-engine';
import { Timers } from 'bpmn-elements';
import { moddleOptions, parseDefinition } from '../../../runtime/engine/definitions.js';
import { ExpressionError, safeEngineOptions } from '../../../runtime/expressions/index.js';

const fixtures = path.resolve(process.cwd(), 'test/runtime/fixtures');
const shared = path.resolve(process.cwd(), '../shared/fixtures/bpmn/camunda-examples');

interface Run {
  ended: string[];
  delays: number[];
  error?: Error;
}

/** Run a diagram to its end (or error) with our FEEL options; user tasks are completed as they come. */
async function run(xml: string, variables: Record<string, unknown>): Promise<Run> {
  const { sourceContext } = await parseDefinition(xml);
  const result: Run = { ended: [], delays: [] };
  // Timers fire at once, but record the delay the diagram asked for.
  const timers = new Timers({
    setTimeout: ((callback: (...args: unknown[]) => void, delay: number, ...args: unknown[]) => {
      result.delays.push(delay);
      return setTimeout(callback, 0, ...args);
    }) as typeof setTimeout,
    clearTimeout,
  });
  const engine = new Engine({ name: 'test', sourceContext, moddleOptions, timers, ...safeEngineOptions() } as never);
  engine.broker.subscribeTmp(
    'event',
    'activity.end',
    (_routingKey, message) => {
      if (message.content.type === 'bpmn:EndEvent') result.ended.push(message.content.id as string);
    },
    { noAck: true },
  );
  const listener = new EventEmitter();
  listener.on('wait', (api: { signal(): void }) => api.signal());
  const finished = new Promise<void>((resolve) => {
    engine.once('end', () => resolve());
    engine.once('error', (err: Error) => {
      result.error = err;
      resolve();
    });
  });
  await engine.execute({ listener, variables });
  await finished;
  return result;
}

describe('bpmn-engine with FEEL expressions', () => {
  const routing = readFileSync(path.join(fixtures, 'feel-routing.bpmn'), 'utf8');

  describe('Given a gateway with JUEL, =FEEL and plain FEEL conditions and a FEEL timer (feel-routing.bpmn)', () => {
    it('When the JUEL condition holds, then the process routes on it, translated to FEEL', async () => {
      const result = await run(routing, { hours: 2, decision: 'accept', fee: { paid: true } });
      expect(result.error).toBeUndefined();
      expect(result.ended).toEqual(['endAccepted']);
    });

    it('When a Camunda 8 style =FEEL condition or a plain FEEL condition holds, then the process routes on it', async () => {
      expect((await run(routing, { hours: 2, decision: 'refuse', fee: { paid: false } })).ended).toEqual(['endRefused']);
      expect((await run(routing, { hours: 2, decision: 'request-supplement', fee: { paid: false }, missing: ['cccd'] })).ended).toEqual(['endSupplement']);
    });

    it('When every condition is false, then the default flow is taken', async () => {
      expect((await run(routing, { hours: 2, decision: 'accept', fee: { paid: false }, missing: [] })).ended).toEqual(['endOther']);
    });

    it('When the timer is reached, then its value written in FEEL is resolved', async () => {
      const result = await run(routing, { hours: 2, decision: 'refuse' });
      expect(result.delays).toHaveLength(1);
      // PT2H, give or take the milliseconds between computing the expiry and arming the timer.
      expect(Math.abs(result.delays[0] - 2 * 3600_000)).toBeLessThan(5000);
    });

    it('When a condition cannot be decided, then the run stops with an error, not the default flow', async () => {
      // fee is missing: "fee.paid" is null, which is neither true nor false.
      const result = await run(routing, { hours: 2, decision: 'accept' });
      expect(result.ended).toEqual([]);
      expect(result.error?.message).toContain('Sequence flow <accepted>');
      expect(result.error?.message).toContain('not true or false');
    });
  });

  it.each([
    [true, 'EndEvent_0zc07k5'],
    [false, 'EndEvent_0fmx4bw'],
  ])('Given Camunda’s react-example.bpmn, when it runs with approved=%s, then it reaches its end', async (approved, end) => {
    const xml = readFileSync(path.join(shared, 'react-example.bpmn'), 'utf8');
    const result = await run(xml, { approved });
    expect(result.error).toBeUndefined();
    expect(result.ended).toEqual([end]);
  });

  describe('Given JavaScript in a diagram, it never runs', () => {
    afterEach(() => {
      delete (globalThis as { esbScriptRan?: boolean }).esbScriptRan;
    });

    it('When a language="javascript" condition is reached (script-attempts.bpmn), then it is refused at run time', async () => {
      const result = await run(readFileSync(path.join(fixtures, 'script-attempts.bpmn'), 'utf8'), {});
      expect((globalThis as { esbScriptRan?: boolean }).esbScriptRan).toBeUndefined();
      expect(result.ended).toEqual([]);
      expect(result.error?.message).toContain('conditions in javascript are scripts and are never run');
    });

    it('When a script task is reached (script-task.bpmn), then it is refused at run time', async () => {
      const result = await run(readFileSync(path.join(fixtures, 'script-task.bpmn'), 'utf8'), {});
      expect((globalThis as { esbScriptRan?: boolean }).esbScriptRan).toBeUndefined();
      expect(result.ended).toEqual([]);
      expect(result.error?.message).toContain('Script format javascript is unsupported');
    });
  });

  it('resolves attribute expressions through FEEL and leaves plain text alone', () => {
    const { expressions } = safeEngineOptions();
    const scope = { environment: { variables: { group: 'chuyen-vien', amount: 5 } } };
    expect(expressions.resolveExpression('${group}', scope)).toBe('chuyen-vien');
    expect(expressions.resolveExpression('tiep-nhan', scope)).toBe('tiep-nhan');
    expect(expressions.resolveExpression('=amount * 2', scope)).toBe(10);
    expect(expressions.resolveExpression(undefined, scope)).toBeUndefined();
    expect(() => expressions.resolveExpression('${environment.services.fn()}', scope)).toThrow(ExpressionError);
  });

  it('lets the engine expose more than the process variables', () => {
    const { expressions } = safeEngineOptions({ variables: (scope) => ({ ...scope.environment?.variables, item: scope.content?.item }) });
    expect(expressions.resolveExpression('${item}', { environment: { variables: {} }, content: { item: 'an.nguyen' } })).toBe('an.nguyen');
  });
});
