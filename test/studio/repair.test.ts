/**
 * The modeler's import repairs (studio/modeler/repair.ts) on the MIWG reference files: which
 * file gets which repair, exactly (a new repair cannot slip in unseen), that a repaired model
 * draws without the parser's warnings, and that what is written back carries no repair.
 */
import fs from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import { repairDefinitions } from '../../studio/modeler/repair.js';

const MIWG = path.resolve(process.cwd(), '../shared/fixtures/bpmn/miwg-reference');
const files = fs.readdirSync(MIWG).filter((f) => f.endsWith('.bpmn')).sort();

const parse = async (xml: string) => {
  const moddle: any = new (BpmnModdle as any)();
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  return { moddle, definitions: rootElement as any, warnings: warnings as any[] };
};

/** The repairs each MIWG file needs; every other file needs none. */
const EXPECTED: Record<string, string[]> = {
  'B.1.0.bpmn': ['process-outside-pools:Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450'],
  'B.2.0.bpmn': ['process-outside-pools:Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450'],
  'C.5.0.bpmn': ['process-outside-pools:_774bc005-0917-43d5-ab70-0f9fe123fbd1'],
  'C.7.0.bpmn': ['element-less-di:_985753e3-a4ce-486b-908a-509d382259ed'],
  'C.8.1.bpmn': [
    'unresolved-reference:_83f1c680-7e06-4a9a-9206-396ed8155a71.outMessageRef',
    'unresolved-reference:_a0e96e19-a01f-4dde-b613-0b774e8d350b.outMessageRef',
    'unresolved-reference:_04bf649c-423c-4312-b813-cf585ce5a82f.outMessageRef',
  ],
};

const read = (file: string) => fs.readFileSync(path.join(MIWG, file), 'utf8');
const laneSetIds = (defs: any) => defs.rootElements.flatMap((r: any) => (r.laneSets ?? []).map((l: any) => l.id)).sort();
const diIds = (defs: any) => defs.diagrams.flatMap((d: any) => d.plane.planeElement.map((e: any) => e.id));

describe('import repairs of the MIWG reference files', () => {
  it('applies exactly the expected repairs to each file', async () => {
    expect(files.length).toBeGreaterThanOrEqual(21);
    const applied: Record<string, string[]> = {};
    for (const file of files) {
      const { moddle, definitions, warnings } = await parse(fs.readFileSync(path.join(MIWG, file), 'utf8'));
      const { repairs } = repairDefinitions(moddle, definitions, warnings);
      if (repairs.length) applied[file] = repairs.map((r) => `${r.kind}:${r.target}`);
    }
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync('test-results/miwg-repairs.json', JSON.stringify(applied, null, 1));
    expect(applied).toEqual(EXPECTED);
  });

  it('answers the parser warnings it repairs and leaves the others', async () => {
    const { moddle, definitions, warnings } = await parse(read('C.8.1.bpmn'));
    expect(warnings.map((w) => w.message)).toEqual(Array(3).fill('unresolved reference <triso:unspecified>'));
    repairDefinitions(moddle, definitions, warnings);
    expect(warnings).toEqual([]);
    const other = [{ message: 'unparsable content <foo> detected' }, { message: 'unresolved reference <x>', element: { id: 'F' }, property: 'bpmn:sourceRef' }];
    repairDefinitions(moddle, definitions, other);
    expect(other.map((w) => w.message)).toEqual(['unparsable content <foo> detected']);
  });

  it('writes back the model without the lane set it added, and adds it again after writing', async () => {
    const { moddle, definitions, warnings } = await parse(read('B.1.0.bpmn'));
    const before = laneSetIds(definitions);
    const { changes } = repairDefinitions(moddle, definitions, warnings);
    const added = 'Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450_laneSet';
    expect(laneSetIds(definitions)).toEqual([...before, added].sort());
    for (const c of [...changes].reverse()) c.undo();
    const { xml } = await moddle.toXML(definitions);
    for (const c of changes) c.redo();
    expect(xml).not.toContain(added);
    expect(laneSetIds((await parse(xml)).definitions)).toEqual(before);
    expect(laneSetIds(definitions)).toEqual([...before, added].sort());
  });

  it('writes back the diagram shape it left out', async () => {
    const { moddle, definitions, warnings } = await parse(read('C.7.0.bpmn'));
    const before = diIds(definitions);
    const { changes } = repairDefinitions(moddle, definitions, warnings);
    expect(diIds(definitions)).toEqual(before.filter((id: string) => id !== '_985753e3-a4ce-486b-908a-509d382259ed'));
    for (const c of [...changes].reverse()) c.undo();
    const { xml } = await moddle.toXML(definitions);
    for (const c of changes) c.redo();
    expect(diIds((await parse(xml)).definitions)).toEqual(before);
    expect(diIds(definitions)).not.toContain('_985753e3-a4ce-486b-908a-509d382259ed');
  });
});
