/**
 * The standard one-stop process (quy trình một cửa), drawn with its diagram so the modeler
 * shows it as a designer would have drawn it:
 *
 *   receive (tiep-nhan) ─accept→ (accepted: status 2) → process (chuyen-vien) ─forward→ approve (lanh-dao)
 *     │ request-supplement → wait for the supplement (status 5) → receive again
 *     └ refuse → end: not accepted (status 3)
 *   process ─send-back→ receive;  approve ─send-back→ process;  approve ─refuse→ return the written refusal
 *   approve ─approve→ [request payment → fees due? → wait for payment (status 6)]? → return result (tiep-nhan, status 9) → end (status 10)
 *
 * Deadline shares split the legal time limit; a same-day service is split in working hours.
 */
import { ESB_URI } from '../../runtime/engine/extension.js';
import { STATUS_NAMES } from '../../schemas/dossier-status.js';

export interface TemplateOptions {
  timeLimitDays: number;
  /** The tenant's working hours per day: a same-day service's steps share one working day. */
  hoursPerDay?: number;
  /** A payment step when some fee is due at the payment step. */
  withPayment: boolean;
  groups?: { receive?: string; process?: string; approve?: string };
}

interface Node {
  id: string;
  kind: 'start' | 'end' | 'userTask' | 'serviceTask' | 'gateway' | 'messageCatch' | 'milestone';
  name: string;
  x: number;
  y: number;
  attrs?: Record<string, string>;
  message?: string;
}

interface Flow {
  id: string;
  from: string;
  to: string;
  name?: string;
  condition?: string;
  isDefault?: boolean;
  waypoints?: Array<[number, number]>;
}

const SIZE = { start: [36, 36], end: [36, 36], messageCatch: [36, 36], milestone: [36, 36], gateway: [50, 50], userTask: [110, 80], serviceTask: [110, 80] } as const;

/**
 * The shares of the time limit: receive, process, approve, return. A same-day service shares
 * one working day of the tenant in hours (1, 4, 2, 1 of an 8-hour day).
 */
export function deadlineShares(timeLimitDays: number, hoursPerDay = 8): { unit: 'days' | 'hours'; values: [number, number, number, number] } {
  const round = (n: number) => Math.round(n * 100) / 100;
  if (timeLimitDays <= 0) {
    const receive = round(hoursPerDay / 8);
    const approve = round(hoursPerDay / 4);
    return { unit: 'hours', values: [receive, round(hoursPerDay - 2 * receive - approve), approve, receive] };
  }
  const receive = round(timeLimitDays * 0.1);
  const approve = round(timeLimitDays * 0.2);
  const ret = round(timeLimitDays * 0.1);
  return { unit: 'days', values: [receive, round(timeLimitDays - receive - approve - ret), approve, ret] };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function standardProcessXml(options: TemplateOptions): string {
  const g = { receive: 'tiep-nhan', process: 'chuyen-vien', approve: 'lanh-dao', ...options.groups };
  const shares = deadlineShares(options.timeLimitDays, options.hoursPerDay);
  const share = (i: number): Record<string, string> => (shares.unit === 'days' ? { 'esb:deadlineShare': String(shares.values[i]) } : { 'esb:deadlineHours': String(shares.values[i]) });
  const y = 220;
  const pay = options.withPayment;
  const resultX = pay ? 1440 : 1180;

  const nodes: Node[] = [
    { id: 'start', kind: 'start', name: 'Nộp hồ sơ', x: 80, y },
    { id: 'receive', kind: 'userTask', name: 'Tiếp nhận hồ sơ', x: 160, y, attrs: { 'camunda:candidateGroups': g.receive, 'esb:decisions': 'accept,request-supplement,refuse', ...share(0) } },
    { id: 'receiveDecision', kind: 'gateway', name: 'Kết quả tiếp nhận', x: 320, y },
    { id: 'accepted', kind: 'milestone', name: STATUS_NAMES[2].vi, x: 457, y, attrs: { 'esb:dossierStatus': '2' } },
    { id: 'process', kind: 'userTask', name: 'Xử lý hồ sơ', x: 580, y, attrs: { 'camunda:candidateGroups': g.process, 'esb:decisions': 'forward,send-back', 'esb:dossierStatus': '4', ...share(1) } },
    { id: 'processDecision', kind: 'gateway', name: 'Kết quả xử lý', x: 740, y },
    { id: 'approve', kind: 'userTask', name: 'Phê duyệt', x: 840, y, attrs: { 'camunda:candidateGroups': g.approve, 'esb:decisions': 'approve,send-back,refuse', ...share(2) } },
    { id: 'approveDecision', kind: 'gateway', name: 'Kết quả phê duyệt', x: 1000, y },
    { id: 'returnResult', kind: 'userTask', name: 'Trả kết quả', x: resultX, y, attrs: { 'camunda:candidateGroups': g.receive, 'esb:decisions': 'return-result', 'esb:dossierStatus': '9', ...share(3) } },
    { id: 'end', kind: 'end', name: STATUS_NAMES[10].vi, x: resultX + 180, y, attrs: { 'esb:dossierStatus': '10' } },
    { id: 'waitSupplement', kind: 'messageCatch', name: 'Chờ bổ sung hồ sơ', x: 320, y: 380, message: 'supplement', attrs: { 'esb:dossierStatus': '5' } },
    { id: 'endRefused', kind: 'end', name: 'Không tiếp nhận', x: 320, y: 60, attrs: { 'esb:dossierStatus': '3' } },
  ];
  if (pay) {
    nodes.push(
      { id: 'requestPayment', kind: 'serviceTask', name: 'Yêu cầu thanh toán', x: 1100, y, attrs: { 'esb:connector': 'request-payment' } },
      { id: 'paymentDue', kind: 'gateway', name: 'Có phí phải nộp?', x: 1250, y },
      { id: 'waitPayment', kind: 'messageCatch', name: 'Chờ thanh toán', x: 1357, y: 380, message: 'payment', attrs: { 'esb:dossierStatus': '6' } },
    );
  }

  const flows: Flow[] = [
    { id: 'f_start', from: 'start', to: 'receive' },
    { id: 'f_receive', from: 'receive', to: 'receiveDecision' },
    { id: 'f_accept', from: 'receiveDecision', to: 'accepted', name: 'Tiếp nhận', condition: 'decision = "accept"' },
    { id: 'f_supplement', from: 'receiveDecision', to: 'waitSupplement', name: 'Yêu cầu bổ sung', condition: 'decision = "request-supplement"' },
    { id: 'f_refuse', from: 'receiveDecision', to: 'endRefused', name: 'Từ chối', isDefault: true },
    { id: 'f_resubmitted', from: 'waitSupplement', to: 'receive', waypoints: [[210, 398]] },
    { id: 'f_accepted', from: 'accepted', to: 'process' },
    { id: 'f_process', from: 'process', to: 'processDecision' },
    { id: 'f_forward', from: 'processDecision', to: 'approve', name: 'Chuyển phê duyệt', condition: 'decision = "forward"' },
    { id: 'f_process_back', from: 'processDecision', to: 'receive', name: 'Trả lại', isDefault: true, waypoints: [[765, 150], [215, 150]] },
    { id: 'f_approve', from: 'approve', to: 'approveDecision' },
    { id: 'f_approved', from: 'approveDecision', to: pay ? 'requestPayment' : 'returnResult', name: 'Phê duyệt', condition: 'decision = "approve"' },
    { id: 'f_refused', from: 'approveDecision', to: 'returnResult', name: 'Từ chối (văn bản trả lời)', condition: 'decision = "refuse"', waypoints: [[1025, 360], [resultX + 55, 360]] },
    { id: 'f_approve_back', from: 'approveDecision', to: 'process', name: 'Trả lại', isDefault: true, waypoints: [[1025, 120], [635, 120]] },
    { id: 'f_result', from: 'returnResult', to: 'end' },
  ];
  if (pay) {
    flows.push(
      { id: 'f_pay', from: 'requestPayment', to: 'paymentDue' },
      // The fees due depend on the form's answers: nothing to pay goes straight to the result.
      { id: 'f_pay_due', from: 'paymentDue', to: 'waitPayment', name: 'Có phí', condition: 'paymentRequired = true' },
      { id: 'f_pay_none', from: 'paymentDue', to: 'returnResult', name: 'Không phí', isDefault: true },
      { id: 'f_paid', from: 'waitPayment', to: 'returnResult', waypoints: [[1480, 398]] },
    );
  }

  return renderXml(nodes, flows);
}

// Every node is centred vertically on its y; x is its left edge.
function center(n: Node): [number, number] {
  return [n.x + SIZE[n.kind][0] / 2, n.y];
}

function bounds(n: Node) {
  const [w, h] = SIZE[n.kind];
  return { x: n.x, y: n.y - h / 2, w, h };
}

function renderXml(nodes: Node[], flows: Flow[]): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const incoming = (id: string) => flows.filter((f) => f.to === id).map((f) => `      <bpmn:incoming>${f.id}</bpmn:incoming>`);
  const outgoing = (id: string) => flows.filter((f) => f.from === id).map((f) => `      <bpmn:outgoing>${f.id}</bpmn:outgoing>`);
  const attrs = (n: Node) => Object.entries(n.attrs ?? {}).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  const messages = nodes.filter((n) => n.message);

  const elements = nodes.map((n) => {
    const inner = [...incoming(n.id), ...outgoing(n.id)];
    const open = `    <bpmn:${tag(n)} id="${n.id}" name="${esc(n.name)}"${attrs(n)}${n.kind === 'gateway' ? defaultAttr(n.id, flows) : ''}>`;
    if (n.kind === 'messageCatch') inner.push(`      <bpmn:messageEventDefinition id="${n.id}_def" messageRef="msg_${n.message}" />`);
    return [open, ...inner, `    </bpmn:${tag(n)}>`].join('\n');
  });
  const flowXml = flows.map((f) => {
    const head = `    <bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}"${f.name ? ` name="${esc(f.name)}"` : ''}`;
    if (!f.condition) return `${head} />`;
    return `${head}>\n      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>\n    </bpmn:sequenceFlow>`;
  });

  const shapes = nodes.map((n) => {
    const b = bounds(n);
    return `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${n.kind === 'gateway' ? ' isMarkerVisible="true"' : ''}>\n        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />\n      </bpmndi:BPMNShape>`;
  });
  const edges = flows.map((f) => {
    const from = byId.get(f.from)!;
    const to = byId.get(f.to)!;
    const [fx, fy] = center(from);
    const [tx, ty] = center(to);
    const fb = bounds(from);
    const tb = bounds(to);
    const start: [number, number] = f.waypoints ? [fx, f.waypoints[0][1] < fy ? fb.y : fb.y + fb.h] : [fb.x + fb.w, fy];
    const lastY = f.waypoints ? f.waypoints[f.waypoints.length - 1][1] : ty;
    const end: [number, number] = f.waypoints
      ? [f.waypoints[f.waypoints.length - 1][0], lastY < ty ? tb.y : tb.y + tb.h]
      : to.y === from.y ? [tb.x, ty] : [tx, ty < fy ? tb.y + tb.h : tb.y];
    const points = f.waypoints
      ? [[start[0], start[1]], [start[0], f.waypoints[0][1]], ...f.waypoints, end]
      : to.y === from.y ? [start, end] : [[fx, ty < fy ? fb.y : fb.y + fb.h], [fx, ty], [tb.x, ty]].map((p) => p as [number, number]);
    const wp = points.map(([x, yy]) => `        <di:waypoint x="${Math.round(x)}" y="${Math.round(yy)}" />`).join('\n');
    return `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">\n${wp}\n      </bpmndi:BPMNEdge>`;
  });

  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:esb="${ESB_URI}" id="standard_one_stop" targetNamespace="http://e-service-builder.gov.vn/bpmn">
${messages.map((n) => `  <bpmn:message id="msg_${n.message}" name="${n.message}" />`).join('\n')}
  <bpmn:process id="one_stop_process" name="Quy trình một cửa chuẩn" isExecutable="true">
${elements.join('\n')}
${flowXml.join('\n')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="one_stop_process">
${shapes.join('\n')}
${edges.join('\n')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

function tag(n: Node): string {
  return { start: 'startEvent', end: 'endEvent', userTask: 'userTask', serviceTask: 'serviceTask', gateway: 'exclusiveGateway', messageCatch: 'intermediateCatchEvent', milestone: 'intermediateThrowEvent' }[n.kind];
}

function defaultAttr(gatewayId: string, flows: Flow[]): string {
  const d = flows.find((f) => f.from === gatewayId && f.isDefault);
  return d ? ` default="${d.id}"` : '';
}
