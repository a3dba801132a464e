/** Small BPMN documents written inline, so that each rule's test shows the shape it is about. */

const NAMESPACES = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
  'xmlns:esb="http://e-service-builder.gov.vn/schema/bpmn/1.0"',
].join(' ');

export function definitions(content: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${NAMESPACES} id="defs" targetNamespace="http://e-service-builder.gov.vn/test">${content}</bpmn:definitions>`;
}

/** One executable process (id "main") with the given body, plus optional root elements. */
export function diagram(body: string, roots = ''): string {
  return definitions(`<bpmn:process id="main" isExecutable="true">${body}</bpmn:process>${roots}`);
}

export function flow(id: string, from: string, to: string, condition?: string, language?: string): string {
  const expression =
    condition === undefined
      ? ''
      : `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"${language ? ` language="${language}"` : ''}>${escape(condition)}</bpmn:conditionExpression>`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${expression}</bpmn:sequenceFlow>`;
}

/** Flows joining the ids in order: f1 from the first to the second, and so on. */
export function chain(...ids: string[]): string {
  return ids.slice(1).map((id, i) => flow(`${ids[i]}_${id}`, ids[i], id)).join('');
}

export const userTask = (id: string, attributes = 'camunda:candidateGroups="tiep-nhan"', inner = '') => `<bpmn:userTask id="${id}" name="${id}" ${attributes}>${inner}</bpmn:userTask>`;

/** start → receive (user task) → end: passes every rule. */
export const valid = () => diagram(`<bpmn:startEvent id="start"/>${userTask('receive')}<bpmn:endEvent id="end"/>${chain('start', 'receive', 'end')}`);

export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
