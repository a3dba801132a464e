import { checkExecutable, PROBLEM_MESSAGES } from '../../../runtime/check/index.js';
import { chain, diagram, flow, userTask } from './diagram.js';

/**
 * Any parameter a message may read: an element (for labels), a text pair (for reasons and
 * pools), a list (for timer types and keys) and, in a template, a plain value.
 */
const anything = Object.assign(['timeDuration', 'timeDate'], {
  $type: 'bpmn:UserTask',
  id: 'Task_1',
  name: 'Thẩm định',
  en: 'an English reason',
  vi: 'một lý do tiếng Việt',
  toString: () => 'X',
});
const params = new Proxy({}, { get: (_, key) => (key === 'processes' ? 2 : anything) });

describe('executable-check messages in both languages', () => {
  const codes = Object.keys(PROBLEM_MESSAGES) as Array<keyof typeof PROBLEM_MESSAGES>;

  it('has an entry for the codes the check reports, including the document and esb codes', () => {
    expect(codes.length).toBeGreaterThan(40);
    expect(codes).toEqual(expect.arrayContaining(['definition.malformed_xml', 'esb.invalid_decisions', 'graph.loop_without_wait', 'user_task.unassigned']));
  });

  it.each(Object.keys(PROBLEM_MESSAGES))('gives %s a non-empty English and a different Vietnamese text', (code) => {
    const text = (PROBLEM_MESSAGES[code as keyof typeof PROBLEM_MESSAGES] as (p: unknown) => { en: string; vi: string })(params);
    expect(text.en.trim()).not.toBe('');
    expect(text.vi.trim()).not.toBe('');
    expect(text.vi).not.toBe(text.en);
  });

  it('words a real unassigned user task in Vietnamese with its name and id, and keeps the English text', async () => {
    const xml = diagram(`<bpmn:startEvent id="start"/><bpmn:userTask id="Task_1" name="Thẩm định hồ sơ"/><bpmn:endEvent id="end"/>${chain('start', 'Task_1', 'end')}`);
    const [problem] = (await checkExecutable(xml)).problems;
    expect(problem.code).toBe('user_task.unassigned');
    expect(problem.message).toBe('The user task "Thẩm định hồ sơ" (Task_1) has no candidate group, candidate user or assignee: nobody would see it in a work queue');
    expect(problem.messageVi).toBe('Bước xử lý "Thẩm định hồ sơ" (Task_1) chưa có nhóm xử lý, người xử lý dự kiến hay người được giao: không ai thấy bước này trong danh sách việc');
  });

  it('interpolates the unknown connector and the known ones in Vietnamese', async () => {
    const xml = diagram(`<bpmn:startEvent id="start"/><bpmn:serviceTask id="Pay" name="Thu phí" esb:connector="pay-later"/>${userTask('t')}<bpmn:endEvent id="end"/>${chain('start', 'Pay', 't', 'end')}`);
    const problem = (await checkExecutable(xml, { knownConnectors: ['request-payment', 'issue-result'] })).problems.find((p) => p.code === 'service_task.unknown_connector');
    expect(problem?.messageVi).toBe('Bước tự động "Thu phí" (Pay) dùng bộ kết nối "pay-later" không tồn tại (các bộ kết nối có: request-payment, issue-result)');
  });

  it('words an unsupported element and a missing default flow in Vietnamese', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/><bpmn:scriptTask id="s" name="Tính phí"/><bpmn:exclusiveGateway id="gw"/>${userTask('a')}${userTask('b')}<bpmn:endEvent id="end"/>` +
        `${chain('start', 's', 'gw')}${flow('fa', 'gw', 'a', 'x > 1')}${flow('fb', 'gw', 'b', 'x > 5')}${chain('a', 'end')}${chain('b', 'end')}`,
    );
    const problems = (await checkExecutable(xml)).problems;
    expect(problems.find((p) => p.code === 'script.refused')?.messageVi).toBe(
      'Không chấp nhận bước chạy script: người thiết kế không được chạy mã lệnh trên máy chủ (bước chạy script "Tính phí" (s))',
    );
    expect(problems.find((p) => p.code === 'gateway.no_default')?.messageVi).toBe(
      'Các điều kiện đi ra từ cổng rẽ nhánh loại trừ gw có thể cùng sai mà không có luồng mặc định: hãy đánh dấu một luồng là mặc định',
    );
  });

  it('words a document that is not XML in Vietnamese', async () => {
    const [problem] = (await checkExecutable('<definitions')).problems;
    expect(problem.code).toBe('definition.malformed_xml');
    expect(problem.messageVi).toMatch(/^Sơ đồ quy trình không phải BPMN XML hợp lệ: \S/);
  });
});
