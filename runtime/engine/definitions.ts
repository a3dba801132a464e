/**
 * BPMN definitions, parsed once per published version.
 *
 * `parseDefinition` does what `new Engine({ source })` does internally
 * (bpmn-engine 25, src/index.js `_getModdleContext` + `_serializeModdleContext`):
 * bpmn-moddle with our moddle options, then moddle-context-serializer with a
 * TypeResolver over bpmn-elements' types and bpmn-engine's own data-object
 * override. The resulting `sourceContext` goes into
 * `new Engine({ sourceContext, moddleOptions })` and, because it carries an
 * `id`, into `recover()` as a pre-loaded source, so stored states need not
 * embed the definition.
 *
 * Guard rails come before any parser sees the text: size, DOCTYPE/ENTITY.
 * Every failure is a `DefinitionError` with a stable code.
 */
import { createRequire } from 'node:module';
import BpmnModdle from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import serializer, { TypeResolver, type SerializableContext } from 'moddle-context-serializer';
import { esbModdleDescriptor } from './extension.js';

const require = createRequire(import.meta.url);
const camundaModdleDescriptor = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

export const MAX_DIAGRAM_BYTES = 5 * 1024 * 1024;

/** Pass these to every `new Engine(...)` as `moddleOptions` too, so both sides agree. */
export const moddleOptions = {
  camunda: camundaModdleDescriptor,
  esb: esbModdleDescriptor,
};

export type DefinitionErrorCode =
  | 'definition.not_text'
  | 'definition.empty'
  | 'definition.too_large'
  | 'definition.doctype_refused'
  | 'definition.malformed_xml'
  | 'definition.not_bpmn'
  | 'definition.unsupported_type';

export class DefinitionError extends Error {
  readonly code: DefinitionErrorCode;
  /** Parser detail, e.g. "unparsable content <x> detected; line: 3, column: 5". */
  readonly detail?: string;
  constructor(code: DefinitionErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'DefinitionError';
    this.code = code;
    this.detail = detail;
  }
}

export interface ModdleWarning {
  message: string;
  elementId?: string;
}

/** What bpmn-moddle's `fromXML` resolves to, typed loosely: moddle elements are dynamic. */
export interface ModdleContext {
  rootElement: ModdleElement;
  elementsById: Record<string, ModdleElement>;
  references: Array<{ element: ModdleElement; property: string; id: string }>;
  warnings: Array<{ message: string; element?: ModdleElement }>;
}

export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  $parent?: ModdleElement;
  [key: string]: unknown;
}

export interface ParsedDefinition {
  /** For `new Engine({ sourceContext })`; shared, never mutate it. */
  sourceContext: SerializableContext;
  /** Ids of the processes marked executable. */
  executableProcessIds: string[];
  /** Non-fatal remarks of the XML reader (unknown elements, unresolved references). */
  warnings: ModdleWarning[];
}

export interface DefinitionOptions {
  /** Extra or replacement bpmn-elements behaviours, as `new Engine({ elements })`. */
  elements?: Record<string, unknown>;
  /** As bpmn-moddle-context-serializer's extendFn / `new Engine({ extendFn })`. */
  extendFn?: (behaviour: Record<string, unknown>, context: unknown) => Record<string, unknown> | undefined | void;
}

const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

/**
 * Refuse what must never reach the XML reader. Returns the text to parse
 * (BOM and surrounding blanks removed, as bpmn-engine trims its source).
 */
export function guardDiagramXml(xml: unknown): string {
  if (typeof xml !== 'string' && !Buffer.isBuffer(xml)) {
    throw new DefinitionError('definition.not_text', 'The diagram must be BPMN XML text');
  }
  // A character is at least one byte, so a long string is refused without measuring.
  const byteLength = typeof xml === 'string' ? (xml.length > MAX_DIAGRAM_BYTES ? Infinity : Buffer.byteLength(xml, 'utf8')) : xml.length;
  if (byteLength > MAX_DIAGRAM_BYTES) {
    throw new DefinitionError('definition.too_large', `The diagram is larger than ${MAX_DIAGRAM_BYTES / 1024 / 1024} MB`);
  }
  const text = (typeof xml === 'string' ? xml : xml.toString('utf8')).replace(/^\uFEFF/, '').trim();
  if (!text) throw new DefinitionError('definition.empty', 'The diagram is empty');
  const declaration = DECLARATION.exec(text);
  if (declaration) {
    throw new DefinitionError(
      'definition.doctype_refused',
      `The diagram contains a <!${declaration[1].toUpperCase()}> declaration; document type and entity declarations are refused`,
      declaration[1].toUpperCase(),
    );
  }
  return text;
}

/**
 * Read BPMN XML into moddle elements (after the guard rails). Used by the
 * executable check, which needs the full moddle tree, and by parseDefinition.
 */
export async function readDiagram(xml: string | Buffer): Promise<ModdleContext> {
  const text = guardDiagramXml(xml);
  const moddle = new BpmnModdle(moddleOptions);
  let context: ModdleContext;
  try {
    context = (await moddle.fromXML(text)) as ModdleContext;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (/^failed to parse document as/.test(detail)) {
      throw new DefinitionError('definition.not_bpmn', 'The document is not a BPMN 2.0 <definitions> document', detail);
    }
    throw new DefinitionError('definition.malformed_xml', `The diagram is not well-formed BPMN XML: ${firstLine(detail)}`, detail);
  }
  const root = context.rootElement;
  if (!root || root.$type !== 'bpmn:Definitions') {
    throw new DefinitionError('definition.not_bpmn', 'The document is not a BPMN 2.0 <definitions> document');
  }
  return context;
}

/** Parse and serialize a diagram for bpmn-engine. Prefer `getDefinition`, which caches. */
export async function parseDefinition(xml: string | Buffer, options: DefinitionOptions = {}): Promise<ParsedDefinition> {
  const moddleContext = await readDiagram(xml);
  const ignored = leaveOutWhatCannotLoad(moddleContext, options.elements);
  let sourceContext: SerializableContext;
  try {
    sourceContext = serializer(moddleContext as never, createTypeResolver(options.elements), options.extendFn as never);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    // The serializer throws "Unknown activity type bpmn:X" for elements bpmn-elements cannot run.
    const code = /unknown activity type/i.test(detail) ? 'definition.unsupported_type' : 'definition.malformed_xml';
    throw new DefinitionError(code, `The diagram cannot be prepared for execution: ${detail}`, detail);
  }
  return {
    sourceContext,
    executableProcessIds: sourceContext.getExecutableProcesses().map((process) => process.id as string),
    warnings: [...moddleContext.warnings.map(toWarning), ...ignored],
  };
}

/**
 * moddle-context-serializer 4 throws on some valid BPMN that has no runtime
 * meaning: root elements bpmn-elements has no behaviour for (item
 * definitions, global tasks, interfaces, resources…), resource roles without
 * an assignment expression (a potentialOwner naming a bpmn:Resource), and
 * message flows from or to a black-box pool or an element inside a
 * sub-process. Those are left out, and said so in the warnings; everything
 * that loads in bpmn-engine is serialized exactly as bpmn-engine would.
 * Unknown flow elements are kept: they must fail loudly (the executable
 * check names them).
 */
export function leaveOutWhatCannotLoad(moddleContext: ModdleContext, elements?: Record<string, unknown>): ModdleWarning[] {
  const ignored: ModdleWarning[] = [];
  const root = moddleContext.rootElement;
  const rootElements = (root.rootElements as ModdleElement[] | undefined) ?? [];
  const kept = rootElements.filter((element) => {
    if (hasBehaviour(element.$type, elements)) return true;
    ignored.push({ message: `${element.$type} is not used at run time and is left out`, ...(element.id && { elementId: element.id }) });
    return false;
  });
  if (kept.length !== rootElements.length) root.rootElements = kept;

  for (const element of Object.values(moddleContext.elementsById)) {
    const resources = element.resources as ModdleElement[] | undefined;
    if (Array.isArray(resources) && resources.some((resource) => !resource.resourceAssignmentExpression)) {
      element.resources = resources.filter((resource) => resource.resourceAssignmentExpression);
      ignored.push({ message: 'resource roles without an assignment expression are left out', ...(element.id && { elementId: element.id }) });
    }
  }

  for (const collaboration of kept.filter((element) => element.$type === 'bpmn:Collaboration')) {
    const messageFlows = collaboration.messageFlows as ModdleElement[] | undefined;
    if (!Array.isArray(messageFlows)) continue;
    collaboration.messageFlows = messageFlows.filter((flow) => {
      const ends = [flow.sourceRef, flow.targetRef] as Array<ModdleElement | undefined>;
      if (ends.every((end) => !end || canEndMessageFlow(end))) return true;
      ignored.push({ message: 'message flow to a black-box pool or into a sub-process is left out', ...(flow.id && { elementId: flow.id }) });
      return false;
    });
  }
  return ignored;
}

/** Types the serializer or its TypeResolver maps itself (not by bpmn-elements export name). */
const SERIALIZER_HANDLED = new Set([
  // The TypeResolver maps bpmn:Error to bpmn-elements' BpmnError; without it error
  // boundary events cannot match an errorCode and catch every error.
  'bpmn:Error',
  'bpmn:Collaboration',
  'bpmn:Process',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStore',
  'bpmn:DataStoreReference',
  'bpmn:Definitions',
]);

function hasBehaviour(type: string, elements?: Record<string, unknown>): boolean {
  if (SERIALIZER_HANDLED.has(type)) return true;
  const localName = type.split(':').slice(1).join(':');
  return localName in Elements || (!!elements && localName in elements);
}

/** What the serializer's message-flow mapping can resolve (see its _getElementRef). */
function canEndMessageFlow(end: ModdleElement): boolean {
  if (end.$type === 'bpmn:Participant') return !!end.processRef;
  if (end.$type === 'bpmn:Process') return true;
  const parent = end.$parent;
  return parent?.$type === 'bpmn:Process' && Array.isArray(parent.flowElements);
}

/** The type resolver bpmn-engine builds in its constructor, with the same data-object override. */
export function createTypeResolver(elements?: Record<string, unknown>) {
  return TypeResolver({ ...Elements, ...elements }, (types: Record<string, unknown>) => {
    types['bpmn:DataObject'] = ProcessOutputDataObject;
    types['bpmn:DataStoreReference'] = ProcessOutputDataObject;
  });
}

interface CacheEntry {
  xml: string | Buffer;
  parsed: Promise<ParsedDefinition>;
}

/**
 * Parsed definitions by version id, least recently used evicted first.
 * A published version is immutable, but a draft's test-run may reuse an id
 * with new XML, so the text is compared on every hit (a length check and a
 * memory compare: microseconds, against milliseconds for a parse).
 */
export class DefinitionCache {
  private readonly entries = new Map<string, CacheEntry>();
  constructor(
    readonly maxEntries = 500,
    private readonly options: DefinitionOptions = {},
  ) {}

  get(versionId: string, xml: string | Buffer): Promise<ParsedDefinition> {
    const hit = this.entries.get(versionId);
    if (hit && sameText(hit.xml, xml)) {
      this.entries.delete(versionId);
      this.entries.set(versionId, hit);
      return hit.parsed;
    }
    const parsed = parseDefinition(xml, this.options);
    const entry: CacheEntry = { xml, parsed };
    this.entries.delete(versionId);
    this.entries.set(versionId, entry);
    // A failed parse must not stay cached: the next call reports the error afresh.
    parsed.catch(() => {
      if (this.entries.get(versionId) === entry) this.entries.delete(versionId);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return parsed;
  }

  forget(versionId: string): void {
    this.entries.delete(versionId);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const defaultCache = new DefinitionCache();

/** The parsed definition of a version, parsed on first use and reused afterwards. */
export function getDefinition(versionId: string, xml: string | Buffer): Promise<ParsedDefinition> {
  return defaultCache.get(versionId, xml);
}

export function forgetDefinition(versionId: string): void {
  defaultCache.forget(versionId);
}

export function clearDefinitionCache(): void {
  defaultCache.clear();
}

function sameText(a: string | Buffer, b: string | Buffer): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return a.length === b.length && a === b;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return false;
}

function toWarning(warning: { message: string; element?: ModdleElement }): ModdleWarning {
  return { message: firstLine(warning.message), ...(warning.element?.id && { elementId: warning.element.id }) };
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/**
 * bpmn-engine's ProcessOutputDataObject (src/extensions, MIT, not exported by
 * the package): data objects read and write `environment.variables.data` and
 * `environment.output.data`. Ported so a definition parsed here behaves as one
 * parsed by the engine itself.
 */
const kDataObjectDef = Symbol.for('data object definition');

interface DataObjectDef {
  id: string;
  type: string;
  name?: string;
  behaviour?: unknown;
  parent?: unknown;
}

interface DataEnvironment {
  variables: Record<string, unknown> & { data?: Record<string, unknown> };
  output: Record<string, unknown> & { data?: Record<string, unknown> };
}

interface DataBroker {
  publish(exchange: string, routingKey: string, content: unknown, properties?: unknown): unknown;
}

class ProcessOutputDataObject {
  readonly [kDataObjectDef]: DataObjectDef;
  readonly environment: DataEnvironment;
  readonly behaviour: unknown;
  readonly name?: string;
  readonly parent: unknown;

  constructor(dataObjectDef: DataObjectDef, { environment }: { environment: DataEnvironment }) {
    this[kDataObjectDef] = dataObjectDef;
    this.environment = environment;
    this.behaviour = dataObjectDef.behaviour;
    this.name = dataObjectDef.name;
    this.parent = dataObjectDef.parent;
  }

  get id(): string {
    return this[kDataObjectDef].id;
  }

  get type(): string {
    return this[kDataObjectDef].type;
  }

  read(broker: DataBroker, exchange: string, routingKeyPrefix: string, messageProperties?: unknown): unknown {
    const { id, name, type } = this;
    const value = this.environment.variables.data?.[id];
    return broker.publish(exchange, `${routingKeyPrefix}response`, { id, name, type, value }, messageProperties);
  }

  write(broker: DataBroker, exchange: string, routingKeyPrefix: string, value: unknown, messageProperties?: unknown): unknown {
    const { id, name, type } = this;
    const data = (this.environment.variables.data ??= {});
    data[id] = value;
    const outputData = (this.environment.output.data ??= {});
    outputData[id] = value;
    return broker.publish(exchange, `${routingKeyPrefix}response`, { id, name, type, value }, messageProperties);
  }
}
