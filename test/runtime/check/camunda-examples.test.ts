import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkExecutable } from '../../../runtime/check/index.js';

const folder = path.resolve(process.cwd(), '../shared/fixtures/bpmn/camunda-examples');
const read = (file: string) => readFileSync(path.join(folder, file), 'utf8');

describe('diagrams exported by Camunda Modeler', () => {
  it.each(['loanApproval.bpmn', 'invoiceApproval.bpmn'])('%s passes', async (file) => {
    expect(await checkExecutable(read(file))).toEqual({ ok: true, problems: [] });
  });

  it.each([
    ['react-example.bpmn', ['Task_1a9adlo']],
    ['invoicePayment.bpmn', ['Task_16y91ka', 'Task_1a2twqz', 'Task_0q869n2']],
  ])('%s passes but for its user tasks that name nobody', async (file, unassigned) => {
    const strict = await checkExecutable(read(file));
    expect(strict.ok).toBe(false);
    expect(strict.problems.map((problem) => [problem.code, problem.elementId])).toEqual(unassigned.map((id) => ['user_task.unassigned', id]));

    const lenient = await checkExecutable(read(file), { unassignedUserTask: 'warning' });
    expect(lenient.ok).toBe(true);
    expect(lenient.problems.every((problem) => problem.severity === 'warning')).toBe(true);
  });

  it('accepts react-example’s ${approved} / ${not approved} without a default flow: they cannot both be false', async () => {
    const report = await checkExecutable(read('react-example.bpmn'));
    expect(report.problems.filter((problem) => problem.code.startsWith('gateway.'))).toEqual([]);
  });

  describe('camunda-testing-job-announcement.bpmn is refused', () => {
    const report = checkExecutable(read('camunda-testing-job-announcement.bpmn'));

    it('for the call activity to a process that is not there', async () => {
      const { ok, problems } = await report;
      expect(ok).toBe(false);
      expect(problems).toContainEqual(
        expect.objectContaining({
          elementId: 'publication',
          elementName: 'Execute announcement',
          elementType: 'bpmn:CallActivity',
          code: 'call_activity.missing_process',
          message: expect.stringContaining('"camunda-testing-job-announcement-publication", which is not in this diagram'),
        }),
      );
    });

    it('for the Java expression on the service task', async () => {
      expect((await report).problems).toContainEqual(
        expect.objectContaining({
          elementId: 'mail',
          elementType: 'bpmn:ServiceTask',
          code: 'service_task.java',
          message: expect.stringContaining('camunda:expression="#{jobAnnouncementService.notifyAboutPostings(jobAnnouncementId)}"'),
        }),
      );
    });

    it('for each bean method call in an assignee', async () => {
      const assignees = (await report).problems.filter((problem) => problem.code === 'expression.invalid');
      expect(assignees.map((problem) => problem.elementId)).toEqual(['review', 'correct']);
      expect(assignees[0].message).toContain('method call jobAnnouncementService.findRequester(…)');
      expect(assignees[1].message).toContain('method call jobAnnouncementService.findEditor(…)');
    });

    it('and for nothing it can run: its #{approved} / #{!approved} gateway is fine', async () => {
      const codes = (await report).problems.map((problem) => problem.code).sort();
      expect(codes).toEqual(['call_activity.missing_process', 'element.unsupported', 'expression.invalid', 'expression.invalid', 'service_task.java']);
    });
  });

  it('lets a call activity name a process published elsewhere', async () => {
    const report = await checkExecutable(read('camunda-testing-job-announcement.bpmn'), { knownProcessIds: ['camunda-testing-job-announcement-publication'] });
    expect(report.problems.map((problem) => problem.code)).not.toContain('call_activity.missing_process');
  });
});
