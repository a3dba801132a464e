/**
 * Repairs of interchange defects that other tools leave in BPMN files and that bpmn-js would
 * otherwise report as warnings or not draw at all. They act on the parsed model, for display
 * only: the file is saved as it came, and what the modeler saves after an edit carries no
 * trace of them (an added lane set is taken out, a dropped shape put back, while it writes).
 *  - a reference (`…Ref`) naming an id that is not in the file (a tool's placeholder such as
 *    `triso:unspecified`): the parser leaves it unset anyway; its warning becomes a repair;
 *  - a diagram shape or edge that names no BPMN element (nothing to draw) is left out;
 *  - a process that no pool of the collaboration references gets an empty lane set, so its
 *    elements, which the file draws, are drawn outside the pools rather than left out.
 * Each repair is reported to the designer, with a stable kind and target for tests.
 */
import { L } from '../../ui/i18n.js';

export type RepairKind = 'unresolved-reference' | 'element-less-di' | 'process-outside-pools';
export interface Repair { kind: RepairKind; target: string; message: string }

/** What a repair changed in the model, to undo while saving and redo after. */
interface Change { undo(): void; redo(): void }

export interface RepairResult { repairs: Repair[]; changes: Change[] }

interface ParseWarning { message: string; element?: any; property?: string; value?: string }

const isType = (el: any, type: string) => el?.$instanceOf?.(type) ?? el?.$type === type;

/**
 * Repairs the definitions bpmn-moddle parsed, in place; removes from `warnings` (the parser's)
 * those the repairs answer.
 */
export function repairDefinitions(moddle: any, definitions: any, warnings: ParseWarning[]): RepairResult {
  const repairs: Repair[] = [];
  const changes: Change[] = [];

  for (let i = warnings.length - 1; i >= 0; i--) {
    const w = warnings[i];
    const ref = /^unresolved reference <(.+)>$/.exec(w.message)?.[1];
    if (!ref || !w.property || !w.element) continue;
    const name = w.property.slice(w.property.indexOf(':') + 1);
    if (!name.endsWith('Ref')) continue;
    warnings.splice(i, 1);
    repairs.unshift({
      kind: 'unresolved-reference',
      target: `${w.element.id ?? w.element.$type}.${name}`,
      message: L(`Bỏ tham chiếu ${name} đến "${ref}" không có trong tệp.`, `Dropped the ${name} to "${ref}", which is not in the file.`),
    });
  }

  for (const diagram of definitions.diagrams ?? []) {
    const plane = diagram.plane;
    const list: any[] | undefined = plane?.planeElement;
    if (!list) continue;
    for (const el of [...list]) {
      if (el.bpmnElement || !(isType(el, 'bpmndi:BPMNShape') || isType(el, 'bpmndi:BPMNEdge'))) continue;
      const at = list.indexOf(el);
      list.splice(at, 1);
      changes.push({ undo: () => list.splice(at, 0, el), redo: () => list.splice(list.indexOf(el), 1) });
      const name = el.$type.slice('bpmndi:'.length);
      repairs.push({
        kind: 'element-less-di',
        target: el.id ?? '',
        message: L(`Bỏ ${name} "${el.id ?? ''}" không gắn với phần tử BPMN nào.`, `Dropped ${name} "${el.id ?? ''}", which names no BPMN element.`),
      });
    }
  }

  const roots: any[] = definitions.rootElements ?? [];
  const participants = roots.filter((r) => isType(r, 'bpmn:Collaboration')).flatMap((c) => c.participants ?? []);
  if (participants.length) {
    const referenced = new Set(participants.map((p: any) => p.processRef).filter(Boolean));
    const drawn = new Set((definitions.diagrams ?? []).flatMap((d: any) => d.plane?.planeElement ?? []).map((e: any) => e.bpmnElement).filter(Boolean));
    for (const process of roots.filter((r) => isType(r, 'bpmn:Process'))) {
      if (referenced.has(process) || process.laneSets?.length) continue;
      if (![...(process.flowElements ?? []), ...(process.artifacts ?? [])].some((e: any) => drawn.has(e))) continue;
      const laneSet = moddle.create('bpmn:LaneSet', { id: `${process.id}_laneSet` });
      laneSet.$parent = process;
      const set = () => process.set('laneSets', [laneSet]);
      // A lane the designer drew since goes into this lane set: then it is theirs and is saved.
      const unset = () => {
        if (!laneSet.lanes?.length && process.laneSets?.length === 1 && process.laneSets[0] === laneSet) process.set('laneSets', []);
      };
      set();
      changes.push({ undo: unset, redo: () => (process.laneSets?.length ? undefined : set()) });
      repairs.push({
        kind: 'process-outside-pools',
        target: process.id,
        message: L(`Quy trình "${process.name || process.id}" không thuộc pool nào: các phần tử của nó được vẽ ngoài các pool.`, `Process "${process.name || process.id}" belongs to no pool: its elements are drawn outside the pools.`),
      });
    }
  }

  return { repairs, changes };
}

/**
 * The bpmn-js module: repairs each imported model after parsing, and keeps the repairs out of
 * what saveXML writes. `repairs` holds those of the last import.
 */
class ImportRepairs {
  static $inject = ['eventBus', 'moddle'];
  repairs: Repair[] = [];
  private changes: Change[] = [];

  constructor(eventBus: any, moddle: any) {
    eventBus.on('import.parse.complete', (e: any) => {
      if (e.error || !e.definitions) return;
      const result = repairDefinitions(moddle, e.definitions, e.warnings ?? []);
      this.repairs = result.repairs;
      this.changes = result.changes;
    });
    eventBus.on('saveXML.start', () => {
      for (const c of [...this.changes].reverse()) c.undo();
    });
    eventBus.on('saveXML.done', () => {
      for (const c of this.changes) c.redo();
    });
  }
}

export const importRepairsModule = { __init__: ['importRepairs'], importRepairs: ['type', ImportRepairs] };
