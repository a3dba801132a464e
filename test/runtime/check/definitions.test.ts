/**
 * runtime/engine/definitions.ts and extension.ts: the parse the check and
 * the engine share. (They live under engine/, their tests beside the check's.)
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from 'bpmn-engine';
import {
  DefinitionCache,
  DefinitionError,
  MAX_DIAGRAM_BYTES,
  moddleOptions,
  parseDefinition,
} from '../../../runtime/engine/definitions.js';
import { ESB_URI, readEsbProperties } from '../../../runtime/engine/extension.js';
import { safeEngineOptions } from '../../../runtime/expressions/index.js';
import { chain, definitions, diagram, userTask, valid } from './diagram.js';

const camunda = path.resolve(process.cwd(), '../shared/fixtures/bpmn/camunda-examples');
const read = (file: string) => readFileSync(path.join(camunda, file), 'utf8');

async function refusal(xml: unknown): Promise<DefinitionError> {
  try {
    await parseDefinition(xml as string);
  } catch (err) {
    if (err instanceof DefinitionError) return err;
    throw err;
  }
  throw new Error('parsed, but should have been refused');
}

describe('parseDefinition', () => {
  it.each(['loanApproval.bpmn', 'invoiceApproval.bpmn', 'react-example.bpmn', 'invoicePayment.bpmn'])(
    'serializes %s exactly as bpmn-engine does from the XML',
    async (file) => {
      const xml = read(file);
      const engine = new Engine({ source: xml, moddleOptions } as never);
      const state = await engine.getState();
      const { sourceContext, executableProcessIds } = await parseDefinition(xml);
      expect(JSON.parse(sourceContext.serialize())).toEqual(JSON.parse(state.definitions[0].source as string));
      expect(executableProcessIds).toHaveLength(1);
    },
  );

  it('gives a source context that an engine runs, and recovers without the definition in the stored state', async () => {
    const { sourceContext } = await parseDefinition(read('loanApproval.bpmn'));
    const first = new Engine({ name: 'loan', sourceContext, moddleOptions, ...safeEngineOptions() } as never);
    await first.execute();
    const state = JSON.parse(JSON.stringify(await first.getState()));
    delete state.definitions[0].source;

    const second = new Engine({ name: 'loan', sourceContext, moddleOptions, ...safeEngineOptions() } as never);
    const listener = new EventEmitter();
    const ended = new Promise<void>((resolve) => second.once('end', () => resolve()));
    second.recover(state);
    await second.resume({ listener });
    const [task] = (second.execution as unknown as { getPostponed(): Array<{ id: string; signal(): void }> }).getPostponed();
    expect(task.id).toBe('UserTask_1');
    task.signal();
    await ended;
    expect(second.state).toBe('idle');
  });

  it('carries the camunda and esb attributes into the element behaviour', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/>${userTask('receive', 'camunda:candidateGroups="tiep-nhan" esb:deadlineShare="0.5" esb:dossierStatus="2" esb:decisions="accept, request-supplement,refuse"')}` +
        `<bpmn:serviceTask id="notify" esb:connector="notify"><bpmn:extensionElements><esb:inputs><esb:input name="template" value="receipt"/><esb:input name="to" value="=applicant.email"/></esb:inputs></bpmn:extensionElements></bpmn:serviceTask>` +
        `<bpmn:endEvent id="end" esb:dossierStatus="10"/>${chain('start', 'receive', 'notify', 'end')}`,
    );
    const { sourceContext } = await parseDefinition(xml);
    const behaviour = (id: string) => sourceContext.getActivityById(id)!.behaviour as Parameters<typeof readEsbProperties>[0];
    expect(behaviour('receive').candidateGroups).toBe('tiep-nhan');
    expect(readEsbProperties(behaviour('receive'))).toEqual({
      properties: { deadlineShare: 0.5, dossierStatus: 2, decisions: ['accept', 'request-supplement', 'refuse'] },
      problems: [],
    });
    expect(readEsbProperties(behaviour('notify')).properties).toEqual({
      connector: 'notify',
      inputs: [
        { name: 'template', value: 'receipt' },
        { name: 'to', value: '=applicant.email' },
      ],
    });
    expect(readEsbProperties(behaviour('end')).properties).toEqual({ dossierStatus: 10 });
    expect(xml).toContain(ESB_URI);
  });

  it('leaves out what the serializer would choke on but nothing runs, and says so', async () => {
    const xml = definitions(
      `<bpmn:itemDefinition id="item" structureRef="string"/>` +
        `<bpmn:collaboration id="c"><bpmn:participant id="citizen" name="Công dân"/><bpmn:participant id="unit" processRef="main"/><bpmn:messageFlow id="submit" sourceRef="citizen" targetRef="start"/></bpmn:collaboration>` +
        `<bpmn:process id="main" isExecutable="true"><bpmn:startEvent id="start"><bpmn:messageEventDefinition/></bpmn:startEvent>` +
        `<bpmn:userTask id="t" camunda:candidateGroups="g"><bpmn:potentialOwner resourceRef="clerk"/></bpmn:userTask><bpmn:endEvent id="end"/>${chain('start', 't', 'end')}</bpmn:process>` +
        `<bpmn:resource id="clerk" name="Clerk"/>`,
    );
    const parsed = await parseDefinition(xml);
    expect(parsed.executableProcessIds).toEqual(['main']);
    expect(parsed.warnings.map((warning) => warning.elementId)).toEqual(['item', 'clerk', 't', 'submit']);
  });

  it('refuses an element type the engine has no behaviour for', async () => {
    const xml = diagram(`<bpmn:startEvent id="start"/><bpmn:complexGateway id="x"/><bpmn:endEvent id="end"/>${chain('start', 'x', 'end')}`);
    const error = await refusal(xml);
    expect(error.code).toBe('definition.unsupported_type');
    expect(error.message).toContain('bpmn:ComplexGateway');
  });

  describe('guard rails', () => {
    it('refuses DOCTYPE and ENTITY declarations before any parser sees them', async () => {
      const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${valid().replace(/^<\?xml[^>]*>/, '')}`;
      expect((await refusal(bomb)).code).toBe('definition.doctype_refused');
      expect((await refusal(valid().replace('<bpmn:process', '<!entity x "y"><bpmn:process'))).code).toBe('definition.doctype_refused');
    });

    it(`refuses a diagram over ${MAX_DIAGRAM_BYTES / 1024 / 1024} MB, counting bytes rather than characters`, async () => {
      const padding = (bytes: number) => `<!--${'x'.repeat(bytes)}-->`;
      const base = Buffer.byteLength(valid());
      expect((await parseDefinition(valid().replace('</bpmn:definitions>', padding(MAX_DIAGRAM_BYTES - base - 7) + '</bpmn:definitions>'))).executableProcessIds).toEqual(['main']);
      expect((await refusal(valid().replace('</bpmn:definitions>', padding(MAX_DIAGRAM_BYTES) + '</bpmn:definitions>'))).code).toBe('definition.too_large');
      // Three bytes each in UTF-8: under the limit in characters, over it in bytes.
      const vietnamese = 'ệ'.repeat(Math.ceil(MAX_DIAGRAM_BYTES / 3) + 10);
      expect((await refusal(valid().replace('</bpmn:definitions>', `<!--${vietnamese}--></bpmn:definitions>`))).code).toBe('definition.too_large');
    });

    it.each([
      ['malformed XML', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process>', 'definition.malformed_xml'],
      ['another document', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'definition.not_bpmn'],
      ['nothing', '', 'definition.empty'],
      ['a number', 42, 'definition.not_text'],
    ])('refuses %s with a clear error', async (_what, input, code) => {
      expect((await refusal(input)).code).toBe(code);
    });

    it('accepts a Buffer with a byte order mark', async () => {
      const parsed = await parseDefinition(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid())]));
      expect(parsed.executableProcessIds).toEqual(['main']);
    });
  });
});

describe('DefinitionCache', () => {
  it('parses a version once and hands out the same definition afterwards', async () => {
    const cache = new DefinitionCache();
    const xml = read('invoiceApproval.bpmn');
    const first = await cache.get('v1', xml);
    const again = await cache.get('v1', xml);
    expect(again).toBe(first);
    expect(again.sourceContext).toBe(first.sourceContext);
  });

  it('parses again when a draft id comes back with different XML', async () => {
    const cache = new DefinitionCache();
    const first = await cache.get('draft', read('invoiceApproval.bpmn'));
    const second = await cache.get('draft', read('loanApproval.bpmn'));
    expect(second).not.toBe(first);
    expect(second.executableProcessIds).toEqual(['embeddedFormsQuickstart']);
  });

  it('does not keep a failure: the next call reports it afresh', async () => {
    const cache = new DefinitionCache();
    await expect(cache.get('v9', '<nope')).rejects.toBeInstanceOf(DefinitionError);
    expect(cache.size).toBe(0);
  });

  it('forgets the least recently used version beyond its size', async () => {
    const cache = new DefinitionCache(2);
    const a = await cache.get('a', valid());
    await cache.get('b', valid());
    await cache.get('a', valid());
    await cache.get('c', valid());
    expect(cache.size).toBe(2);
    expect(await cache.get('a', valid())).toBe(a);
    const b = cache.get('b', valid());
    expect(cache.size).toBe(2);
    await b;
  });
});

describe('readEsbProperties', () => {
  it.each([
    [{ deadlineShare: '1.5' }, { deadlineShare: 1.5 }],
    [{ deadlineHours: '4' }, { deadlineHours: 4 }],
    [{ dossierStatus: '9' }, { dossierStatus: 9 }],
    [{ decisions: 'forward,send-back' }, { decisions: ['forward', 'send-back'] }],
    [{ connector: 'request-payment' }, { connector: 'request-payment' }],
  ])('reads %j', (source, properties) => {
    expect(readEsbProperties(source)).toEqual({ properties, problems: [] });
  });

  it.each([
    [{ deadlineShare: '-1' }, 'esb.invalid_number'],
    [{ deadlineShare: '1e3' }, 'esb.invalid_number'],
    [{ deadlineHours: 'two' }, 'esb.invalid_number'],
    [{ deadlineShare: '1', deadlineHours: '2' }, 'esb.conflict'],
    [{ dossierStatus: '0' }, 'esb.invalid_status'],
    [{ dossierStatus: '2.5' }, 'esb.invalid_status'],
    [{ decisions: 'accept,accept' }, 'esb.invalid_decisions'],
    [{ decisions: 'chấp nhận' }, 'esb.invalid_decisions'],
    [{ connector: 'Notify Me' }, 'esb.invalid_connector'],
  ])('refuses %j', (source, code) => {
    expect(readEsbProperties(source).problems.map((problem) => problem.code)).toContain(code);
  });
});
