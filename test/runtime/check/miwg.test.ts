import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { checkExecutable } from '../../../runtime/check/index.js';

const folder = path.resolve(process.cwd(), '../shared/fixtures/bpmn/miwg-reference');

/**
 * What each reference model uses that the runtime cannot run, checked by
 * hand against the files (element, event definition, host of each boundary
 * event, loop characteristics). Where a file has an executable pool, only
 * that pool is checked (C.1.0's event-based gateway is in the pool that is
 * not); the inside of an event sub-process is not listed again.
 */
const UNSUPPORTED: Record<string, string[]> = {
  'A.1.0.bpmn': [],
  'A.2.0.bpmn': [],
  'A.2.1.bpmn': [],
  'A.3.0.bpmn': ['bpmn:BoundaryEvent[escalation]', 'bpmn:BoundaryEvent[message]'],
  'A.4.0.bpmn': [],
  'A.4.1.bpmn': [],
  'B.1.0.bpmn': ['bpmn:CallActivity', 'bpmn:EndEvent[message]'],
  'B.2.0.bpmn': [
    'bpmn:BoundaryEvent[conditional]',
    'bpmn:BoundaryEvent[escalation]',
    'bpmn:BoundaryEvent[message]',
    'bpmn:BoundaryEvent[signal]',
    'bpmn:BoundaryEvent[timer]',
    'bpmn:CallActivity',
    'bpmn:EndEvent[escalation]',
    'bpmn:EndEvent[message]',
    'bpmn:EndEvent[signal]',
    'bpmn:EventBasedGateway',
    'bpmn:IntermediateCatchEvent[conditional]',
    'bpmn:IntermediateCatchEvent[link]',
    'bpmn:IntermediateCatchEvent[signal]',
    'bpmn:IntermediateThrowEvent[escalation]',
    'bpmn:IntermediateThrowEvent[link]',
    'bpmn:IntermediateThrowEvent[message]',
    'bpmn:IntermediateThrowEvent[signal]',
    'bpmn:ServiceTask[multi-instance]',
    'bpmn:StartEvent[conditional]',
    'bpmn:StartEvent[signal]',
    'bpmn:SubProcess[multi-instance]',
    'bpmn:UserTask[loop]',
    'bpmn:UserTask[sequential multi-instance]',
  ],
  'C.1.0.bpmn': [],
  'C.1.1.bpmn': [],
  'C.2.0.bpmn': ['bpmn:EndEvent[message]', 'bpmn:IntermediateThrowEvent[message]'],
  'C.3.0.bpmn': ['bpmn:BoundaryEvent[message]'],
  'C.4.0.bpmn': ['bpmn:EndEvent[message]', 'bpmn:IntermediateThrowEvent[signal]', 'bpmn:ManualTask[loop]', 'bpmn:StartEvent[signal]'],
  'C.5.0.bpmn': ['bpmn:CallActivity', 'bpmn:EndEvent[signal]'],
  'C.6.0.bpmn': [
    'bpmn:BoundaryEvent[compensate]',
    'bpmn:BoundaryEvent[timer]',
    'bpmn:EventBasedGateway',
    'bpmn:IntermediateThrowEvent[compensate]',
    'bpmn:SubProcess[event sub-process]',
  ],
  'C.7.0.bpmn': ['bpmn:BusinessRuleTask', 'bpmn:ServiceTask[multi-instance]'],
  'C.8.0.bpmn': ['bpmn:BusinessRuleTask'],
  'C.8.1.bpmn': ['bpmn:BusinessRuleTask'],
  'C.9.0.bpmn': ['bpmn:BoundaryEvent[error]', 'bpmn:BusinessRuleTask', 'bpmn:CallActivity', 'bpmn:SubProcess[event sub-process]'],
  'C.9.1.bpmn': ['bpmn:BoundaryEvent[timer]'],
  'C.9.2.bpmn': ['bpmn:SubProcess[event sub-process]'],
};

describe('the MIWG reference models', () => {
  const files = readdirSync(folder).filter((file) => file.endsWith('.bpmn')).sort();

  it('are all here, and all listed below', () => {
    expect(files).toHaveLength(21);
    expect(files).toEqual(Object.keys(UNSUPPORTED).sort());
  });

  it.each(files)('%s gets a report naming exactly what cannot run', async (file) => {
    const report = await checkExecutable(readFileSync(path.join(folder, file), 'utf8'));
    const unsupported = [...new Set(report.problems.flatMap((problem) => (problem.unsupported ? [problem.unsupported] : [])))].sort();
    expect(unsupported).toEqual(UNSUPPORTED[file]);
    for (const problem of report.problems) {
      expect(problem.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(problem.message.length).toBeGreaterThan(10);
      if (problem.unsupported) expect(problem.unsupported.startsWith(problem.elementType)).toBe(true);
    }
  });

  it('none of them passes: each misses something the runtime needs', async () => {
    for (const file of files) {
      const report = await checkExecutable(readFileSync(path.join(folder, file), 'utf8'));
      expect(report.ok).toBe(false);
    }
  });
});
