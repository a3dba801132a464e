/**
 * Repairs of interchange defects that other tools leave in BPMN files and that bpmn-js would
 * otherwise skip with a warning or not draw at all. Each repair is harmless to the model's
 * meaning and is reported to the designer:
 *  - a reference element (`…Ref`) naming an id that is not in the file (a tool's placeholder
 *    such as `triso:unspecified`) is dropped;
 *  - a diagram shape or edge that names no BPMN element (nothing to draw) is dropped;
 *  - a process that no pool of the collaboration references gets an empty lane set, so its
 *    elements, which the file draws, are drawn outside the pools rather than left out.
 */
import { L } from '../../ui/i18n.js';

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';

export function repairBpmn(xml: string): { xml: string; repairs: string[] } {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return { xml, repairs: [] };
  const repairs: string[] = [];
  const ids = new Set([...doc.querySelectorAll('[id]')].map((e) => e.getAttribute('id')!));
  const local = (s: string) => s.slice(s.indexOf(':') + 1);

  for (const el of [...doc.getElementsByTagNameNS(BPMN, '*')]) {
    if (!el.localName.endsWith('Ref') || el.children.length) continue;
    const ref = (el.textContent ?? '').trim();
    if (ref && !ids.has(ref) && !ids.has(local(ref))) {
      el.remove();
      repairs.push(L(`Bỏ tham chiếu ${el.localName} đến "${ref}" không có trong tệp.`, `Dropped the ${el.localName} to "${ref}", which is not in the file.`));
    }
  }

  for (const name of ['BPMNShape', 'BPMNEdge']) {
    for (const el of [...doc.getElementsByTagNameNS(BPMNDI, name)]) {
      if (!el.getAttribute('bpmnElement')) {
        el.remove();
        repairs.push(L(`Bỏ ${name} "${el.getAttribute('id') ?? ''}" không gắn với phần tử BPMN nào.`, `Dropped ${name} "${el.getAttribute('id') ?? ''}", which names no BPMN element.`));
      }
    }
  }

  const participants = [...doc.getElementsByTagNameNS(BPMN, 'participant')];
  if (participants.length) {
    const referenced = new Set(participants.map((p) => p.getAttribute('processRef')).filter(Boolean));
    const drawn = new Set([...doc.getElementsByTagNameNS(BPMNDI, 'BPMNShape')].map((s) => s.getAttribute('bpmnElement')));
    for (const process of [...doc.getElementsByTagNameNS(BPMN, 'process')]) {
      const id = process.getAttribute('id') ?? '';
      if (referenced.has(id) || process.getElementsByTagNameNS(BPMN, 'laneSet').length) continue;
      const hasDrawn = [...process.children].some((c) => drawn.has(c.getAttribute('id')));
      if (!hasDrawn) continue;
      const laneSet = doc.createElementNS(BPMN, `${process.prefix ? `${process.prefix}:` : ''}laneSet`);
      laneSet.setAttribute('id', `${id}_laneSet`);
      process.insertBefore(laneSet, process.firstElementChild);
      repairs.push(L(`Quy trình "${process.getAttribute('name') || id}" không thuộc pool nào: các phần tử của nó được vẽ ngoài các pool.`, `Process "${process.getAttribute('name') || id}" belongs to no pool: its elements are drawn outside the pools.`));
    }
  }

  return repairs.length ? { xml: new XMLSerializer().serializeToString(doc), repairs } : { xml, repairs };
}
