/**
 * Our BPMN extension namespace: the domain properties that Camunda's own
 * attributes do not cover. The studio writes them, the runtime reads them.
 *
 *   <bpmn:userTask id="receive" camunda:candidateGroups="tiep-nhan"
 *       esb:deadlineShare="0.5" esb:dossierStatus="2"
 *       esb:decisions="accept,request-supplement,refuse" />
 *   <bpmn:endEvent id="done" esb:dossierStatus="10" />
 *   <bpmn:serviceTask id="notify" esb:connector="notify">
 *     <bpmn:extensionElements>
 *       <esb:inputs>
 *         <esb:input name="template" value="receipt" />
 *         <esb:input name="to" value="=applicant.email" />
 *       </esb:inputs>
 *     </bpmn:extensionElements>
 *   </bpmn:serviceTask>
 *
 * Every attribute is declared as a String in the moddle descriptor on
 * purpose: moddle would coerce "2abc" to 2 and "x" to NaN without a word, so
 * the raw text is kept and `readEsbProperties` validates and converts it.
 * The publish check and the runtime both read through that one function.
 */

export const ESB_PREFIX = 'esb';
export const ESB_URI = 'http://e-service-builder.gov.vn/schema/bpmn/1.0';

/** Moddle package descriptor; pass as `moddleOptions: { esb: esbModdleDescriptor }`. */
export const esbModdleDescriptor = {
  name: 'E-Service Builder',
  prefix: ESB_PREFIX,
  uri: ESB_URI,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'DeadlineHolder',
      isAbstract: true,
      extends: ['bpmn:UserTask'],
      properties: [
        { name: 'deadlineShare', isAttr: true, type: 'String' },
        { name: 'deadlineHours', isAttr: true, type: 'String' },
        { name: 'decisions', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'DossierStatusHolder',
      isAbstract: true,
      extends: ['bpmn:Task', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent'],
      properties: [{ name: 'dossierStatus', isAttr: true, type: 'String' }],
    },
    {
      name: 'ConnectorHolder',
      isAbstract: true,
      extends: ['bpmn:ServiceTask', 'bpmn:SendTask'],
      properties: [{ name: 'connector', isAttr: true, type: 'String' }],
    },
    {
      name: 'Inputs',
      superClass: ['Element'],
      meta: { allowedIn: ['bpmn:ServiceTask', 'bpmn:SendTask'] },
      properties: [{ name: 'values', isMany: true, type: 'Input' }],
    },
    {
      name: 'Input',
      superClass: ['Element'],
      properties: [
        { name: 'name', isAttr: true, type: 'String' },
        { name: 'value', isAttr: true, type: 'String' },
      ],
    },
  ],
  enumerations: [],
} as const;

/** Moddle type names of our extension elements, as they appear in `$type`. */
export const ESB_INPUTS_TYPE = 'esb:Inputs';

export interface EsbInput {
  name: string;
  /** Literal text, or an expression (`=…` FEEL, `${…}` JUEL); see runtime/expressions. */
  value: string;
}

export interface EsbProperties {
  /** Share of the legal time limit, in working days (decimals allowed). */
  deadlineShare?: number;
  /** Alternative to deadlineShare: working hours. */
  deadlineHours?: number;
  /** Dossier status (1–10, national portal codes) set on entering the element. */
  dossierStatus?: number;
  /** Decision keys a user task offers, in the order written. */
  decisions?: string[];
  /** Connector name from the connector registry (service and send tasks). */
  connector?: string;
  inputs?: EsbInput[];
}

export interface EsbPropertyProblem {
  attribute: string;
  code: 'esb.invalid_number' | 'esb.invalid_status' | 'esb.invalid_decisions' | 'esb.invalid_connector' | 'esb.invalid_input' | 'esb.conflict';
  message: string;
  /** The value at fault (an input's name for a repeated input), so the check can word it in Vietnamese too. */
  value?: string;
  invalidKeys?: string[];
  duplicateKeys?: string[];
}

/** Any object carrying moddle-style properties: a moddle element or a serialized `behaviour`. */
export type EsbSource = Record<string, unknown> & { extensionElements?: { values?: unknown[] } };

const DECISION_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const CONNECTOR_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Read and validate our properties from a moddle element or from the
 * `behaviour` of a serialized element (both carry the same keys).
 * Invalid values are left out of `properties` and reported in `problems`.
 */
export function readEsbProperties(source: EsbSource): { properties: EsbProperties; problems: EsbPropertyProblem[] } {
  const properties: EsbProperties = {};
  const problems: EsbPropertyProblem[] = [];

  const share = readString(source, 'deadlineShare');
  if (share !== undefined) {
    const value = parseDecimal(share);
    if (value === undefined) {
      problems.push({ attribute: 'esb:deadlineShare', code: 'esb.invalid_number', message: `esb:deadlineShare must be a non-negative number of working days, got "${share}"`, value: share });
    } else properties.deadlineShare = value;
  }

  const hours = readString(source, 'deadlineHours');
  if (hours !== undefined) {
    const value = parseDecimal(hours);
    if (value === undefined) {
      problems.push({ attribute: 'esb:deadlineHours', code: 'esb.invalid_number', message: `esb:deadlineHours must be a non-negative number of working hours, got "${hours}"`, value: hours });
    } else properties.deadlineHours = value;
  }

  if (share !== undefined && hours !== undefined) {
    problems.push({ attribute: 'esb:deadlineHours', code: 'esb.conflict', message: 'esb:deadlineShare and esb:deadlineHours are exclusive: give one of them' });
  }

  const status = readString(source, 'dossierStatus');
  if (status !== undefined) {
    const value = /^\d{1,2}$/.test(status) ? Number(status) : NaN;
    if (!(value >= 1 && value <= 10)) {
      problems.push({ attribute: 'esb:dossierStatus', code: 'esb.invalid_status', message: `esb:dossierStatus must be a dossier status from 1 to 10, got "${status}"`, value: status });
    } else properties.dossierStatus = value;
  }

  const decisions = readString(source, 'decisions');
  if (decisions !== undefined) {
    const keys = decisions.split(',').map((key) => key.trim());
    const bad = keys.filter((key) => !DECISION_KEY.test(key));
    const duplicates = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (bad.length || duplicates.length) {
      const reason = bad.length ? `invalid key(s) ${bad.map((k) => `"${k}"`).join(', ')}` : `duplicate key(s) ${duplicates.join(', ')}`;
      problems.push({ attribute: 'esb:decisions', code: 'esb.invalid_decisions', message: `esb:decisions must be a comma list of decision keys (letters, digits, - and _): ${reason}`, invalidKeys: bad, duplicateKeys: duplicates });
    } else properties.decisions = keys;
  }

  const connector = readString(source, 'connector');
  if (connector !== undefined) {
    if (!CONNECTOR_NAME.test(connector)) {
      problems.push({ attribute: 'esb:connector', code: 'esb.invalid_connector', message: `esb:connector must be a connector name (lower case letters, digits and -), got "${connector}"`, value: connector });
    } else properties.connector = connector;
  }

  const inputs = readInputs(source, problems);
  if (inputs) properties.inputs = inputs;

  return { properties, problems };
}

function readInputs(source: EsbSource, problems: EsbPropertyProblem[]): EsbInput[] | undefined {
  const values = source.extensionElements?.values;
  if (!Array.isArray(values)) return undefined;
  let result: EsbInput[] | undefined;
  for (const holder of values) {
    if (!holder || (holder as { $type?: string }).$type !== ESB_INPUTS_TYPE) continue;
    result ??= [];
    for (const input of ((holder as { values?: unknown[] }).values ?? []) as Array<Record<string, unknown>>) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name) {
        problems.push({ attribute: 'esb:input', code: 'esb.invalid_input', message: 'esb:input needs a name' });
        continue;
      }
      if (result.some((existing) => existing.name === name)) {
        problems.push({ attribute: 'esb:input', code: 'esb.invalid_input', message: `esb:input "${name}" is given twice`, value: name });
        continue;
      }
      result.push({ name, value: typeof input.value === 'string' ? input.value : '' });
    }
  }
  return result;
}

function readString(source: EsbSource, key: string): string | undefined {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
