/**
 * fast-format.ts: the formatter's round trip is skipped only when nothing waits to format.
 */
import { fastFormatting } from '../../../runtime/engine/fast-format.js';

function fakeActivity(queued: number) {
  const calls: string[] = [];
  const formatter = {
    format(_message: unknown, callback: (err: null, content: unknown, formatted: boolean) => void) {
      calls.push('bpmn-elements');
      callback(null, { formatted: true }, true);
    },
  };
  const activity = {
    type: 'bpmn:UserTask',
    formatter,
    broker: { getQueue: (name: string) => (name === 'format-run-q' ? { messageCount: queued } : undefined) },
  };
  return { activity, formatter, calls };
}

describe('fastFormatting', () => {
  it('hands the run message back unchanged, at once, when the format queue is empty', () => {
    const { activity, formatter, calls } = fakeActivity(0);
    expect(fastFormatting(activity as never)).toBeUndefined();
    const results: unknown[][] = [];
    formatter.format({ content: { id: 'task' } } as never, (...args) => results.push(args));
    expect(results).toEqual([[null, { id: 'task' }, false]]);
    expect(calls).toEqual([]);
  });

  it("leaves formatting to bpmn-elements when something waits to format", () => {
    const { activity, formatter, calls } = fakeActivity(2);
    fastFormatting(activity as never);
    const results: unknown[][] = [];
    formatter.format({ content: { id: 'task' } } as never, (...args) => results.push(args));
    expect(calls).toEqual(['bpmn-elements']);
    expect(results).toEqual([[null, { formatted: true }, true]]);
  });

  it('leaves processes alone', () => {
    const { activity, formatter } = fakeActivity(0);
    const format = formatter.format;
    fastFormatting({ ...activity, type: 'bpmn:Process' } as never);
    expect(formatter.format).toBe(format);
  });
});
