/**
 * The publish check list. Each entry names a check, says whether it passes, and where the
 * problem is (a metadata field, a component, a form path, a diagram element), so the studio
 * can link to it. Errors refuse publishing; warnings are shown and let it pass.
 */
import type { Db, Trx } from '../db/connect.js';
import type { Service } from '../db/database.js';
import { chargeableFees, isFeePending } from '../../schemas/service.js';
import { checkExecutable, PROBLEM_MESSAGES } from '../../runtime/check/index.js';
import { expressionReferences, parseCheck } from '../../runtime/expressions/index.js';
import { DefinitionError } from '../../runtime/engine/definitions.js';
import { analyzeForm } from './form.js';
import { checkText, METADATA_MISSING, type CheckCode, type CheckParams, type MetadataField, type Text } from './check-messages.js';
import { hoursPerDay, tenantCalendar } from '../calendar/index.js';
import { longestPathDays, readProcessModel, testedDecisions, type ModelTask, type ProcessModel } from './process-model.js';

export interface Check {
  check: string;
  ok: boolean;
  severity: 'error' | 'warning';
  /** English (the API as it always was). */
  message: string;
  /** The same in Vietnamese: the studio shows it first. */
  messageVi: string;
  /** `metadata.name`, `components[1].condition`, `form:components[2]`, `process:Task_1`… */
  where: string | null;
}

type ServiceDraft = Pick<Service, 'tenant_id' | 'unit_id' | 'metadata' | 'components' | 'form' | 'step_forms' | 'bpmn_xml' | 'notes'>;

/** Both texts come from check-messages.ts, keyed by the check's code. */
function pass<C extends CheckCode>(check: C, params: CheckParams<C>): Check {
  const text = checkText(check, params);
  return { check, ok: true, severity: 'error', message: text.en, messageVi: text.vi, where: null };
}
function fail<C extends CheckCode>(check: C, params: CheckParams<C>, where: string | null, severity: 'error' | 'warning' = 'error'): Check {
  const text = checkText(check, params);
  return { check, ok: false, severity, message: text.en, messageVi: text.vi, where };
}

/** A candidate group `name` means the receiving unit's group; `CODE/name` a group of the unit CODE. */
export function parseGroup(group: string): { agencyCode: string | null; name: string } {
  const i = group.lastIndexOf('/');
  return i < 0 ? { agencyCode: null, name: group } : { agencyCode: group.slice(0, i), name: group.slice(i + 1) };
}

export interface CheckOptions {
  /** Whether this installation takes payments online (a payment provider is configured). */
  onlinePayment: boolean;
  /**
   * The connectors this server has registered: a service task naming another one could
   * never run, so it is refused. Left out (the demo seed), connector names are not checked.
   */
  knownConnectors?: readonly string[];
}

export async function runChecks(db: Db | Trx, service: ServiceDraft, options: CheckOptions): Promise<Check[]> {
  const checks: Check[] = [];
  const m = service.metadata;

  // Metadata complete.
  const missing: Record<MetadataField, boolean> = {
    'metadata.name': !m.name?.trim(),
    'metadata.field': !m.field?.trim(),
    'metadata.receivingUnitIds': !m.receivingUnitIds.length,
    'metadata.result': !m.result?.trim(),
    'metadata.resultChannels': !m.resultChannels.length,
    'metadata.legalBasis': !m.legalBasis.length,
    'metadata.applicants': !m.applicants.kinds.length,
  };
  const metaFails = (Object.keys(METADATA_MISSING) as MetadataField[]).filter((field) => missing[field]);
  checks.push(...(metaFails.length ? metaFails.map((field) => fail('metadata.complete', { kind: 'missing', field }, field)) : [pass('metadata.complete', { kind: 'pass' })]));

  // Receiving units: the owner unit or units below it, active.
  const units = await db.selectFrom('units').select(['id', 'parent_id', 'active', 'agency_code']).where('tenant_id', '=', service.tenant_id).execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  const isUnder = (id: string) => {
    for (let u = byId.get(id); u; u = u.parent_id ? byId.get(u.parent_id) : undefined) if (u.id === service.unit_id) return true;
    return false;
  };
  const unitFails = m.receivingUnitIds.flatMap((id, i) => {
    const u = byId.get(id);
    if (!u || !isUnder(id)) return [fail('receiving_units.valid', { kind: 'outside' }, `metadata.receivingUnitIds[${i}]`)];
    if (!u.active) return [fail('receiving_units.valid', { kind: 'inactive', agencyCode: u.agency_code }, `metadata.receivingUnitIds[${i}]`)];
    return [];
  });
  checks.push(...(unitFails.length ? unitFails : [pass('receiving_units.valid', { kind: 'pass' })]));

  // Level 4 needs online payment and an online result.
  let model: ProcessModel | null = null;
  let modelError: Text | null = null;
  // Hours are turned into days at the tenant's own working day, as the runtime counts them.
  const perDay = hoursPerDay(await tenantCalendar(db, service.tenant_id));
  if (service.bpmn_xml) {
    try {
      model = await readProcessModel(service.bpmn_xml, { hoursPerDay: perDay });
    } catch (err) {
      modelError = err instanceof DefinitionError ? PROBLEM_MESSAGES[err.code]({ detail: err.detail }) : checkText('process.executable', { kind: 'unreadable' });
    }
  }
  const charged = chargeableFees(m.fees);
  const total = charged.reduce((s, f) => s + f.amountVnd, 0);
  const hasPaymentStep = !!model?.tasks.some((t) => t.connector === 'request-payment');
  if (m.onlineLevel === 'full') {
    const atStep = charged.filter((f) => f.amountVnd > 0 && f.dueAt === 'payment-step');
    // Fees due at submission are paid through the payment provider before the dossier is
    // received; those at a payment step through the request-payment connector. Both need one.
    if (total > 0 && !options.onlinePayment) {
      checks.push(fail('level.payment', { kind: 'no_provider' }, 'metadata.fees'));
    } else if (atStep.length && !hasPaymentStep) {
      checks.push(fail('level.payment', { kind: 'no_step' }, 'process'));
    } else {
      checks.push(pass('level.payment', { kind: total > 0 ? 'pass' : 'free' }));
    }
    checks.push(m.resultChannels.includes('online') ? pass('level.result', { kind: 'pass' }) : fail('level.result', { kind: 'not_online' }, 'metadata.resultChannels'));
  }

  // Content: a form or components.
  const form = service.form ? analyzeForm(service.form) : null;
  checks.push(form?.fields.length || service.components.length ? pass('content.present', { kind: 'pass' }) : fail('content.present', { kind: 'empty' }, 'form'));
  const keys = new Set(form?.fields.map((f) => f.path.split('.')[0].replace('[]', '')) ?? []);
  const fieldPaths = new Set(form?.fields.map((f) => f.path) ?? []);

  if (form) {
    checks.push(...(form.problems.length ? form.problems.map((p) => fail('form.structure', { kind: 'problem', problem: { en: p.message, vi: p.messageVi } }, `form:${p.path}`)) : [pass('form.structure', { kind: 'pass' })]));
    checks.push(...(form.customCode.length ? form.customCode.map((p) => fail('form.no_custom_code', { kind: 'problem', problem: { en: p.message, vi: p.messageVi } }, `form:${p.path}`)) : [pass('form.no_custom_code', { kind: 'pass' })]));
  }
  for (const [key, stepForm] of Object.entries(service.step_forms)) {
    const a = analyzeForm(stepForm);
    for (const p of [...a.problems, ...a.customCode]) checks.push(fail(p.code === 'form.custom_code' ? 'form.no_custom_code' : 'form.structure', { kind: 'problem', problem: { en: p.message, vi: p.messageVi } }, `stepForm:${key}:${p.path}`));
  }

  // Conditions: FEEL that parses and reads only fields of the form.
  const conditionFails: Check[] = [];
  const checkCondition = (text: string | undefined, where: string) => {
    if (!text) return;
    const parsed = parseCheck(text, 'condition');
    if (!parsed.ok) return conditionFails.push(fail('conditions.valid', { kind: 'parse', error: parsed.error }, where));
    const names = expressionReferences(text, 'condition').names;
    const unknown = names.filter((n) => !keys.has(n));
    if (unknown.length) conditionFails.push(fail('conditions.valid', { kind: 'unknown', names: unknown }, where));
  };
  service.components.forEach((c, i) => {
    if (c.requirement === 'conditional' && !c.condition) conditionFails.push(fail('conditions.valid', { kind: 'missing' }, `components[${i}].condition`));
    checkCondition(c.condition, `components[${i}].condition`);
  });
  m.fees.forEach((f, i) => {
    checkCondition(f.condition, `metadata.fees[${i}].condition`);
    if (f.quantityField && !fieldPaths.has(f.quantityField)) conditionFails.push(fail('conditions.valid', { kind: 'quantity', field: f.quantityField }, `metadata.fees[${i}].quantityField`));
  });
  checks.push(...(conditionFails.length ? conditionFails : [pass('conditions.valid', { kind: 'pass' })]));

  // Fees an import left without their condition are not charged until it is written.
  m.fees.forEach((f, i) => {
    if (isFeePending(f)) checks.push(fail('fees.condition_pending', { fee: f.name }, `metadata.fees[${i}].condition`, 'warning'));
  });

  // Notes an import left for the designer.
  for (const note of service.notes) checks.push(fail('notes.resolved', { text: note.text, textVi: note.textVi }, note.where, 'warning'));

  // The process.
  if (!service.bpmn_xml) {
    checks.push(fail('process.executable', { kind: 'no_process' }, 'process'));
    return checks;
  }
  const executable = await checkExecutable(service.bpmn_xml, options.knownConnectors ? { knownConnectors: [...options.knownConnectors] } : {});
  const execErrors = executable.problems.map((p) => fail('process.executable', { kind: 'problem', problem: { en: p.message, vi: p.messageVi } }, p.elementId ? `process:${p.elementId}` : 'process', p.severity));
  checks.push(...(execErrors.length ? execErrors : [pass('process.executable', { kind: 'pass' })]));
  if (!model) {
    if (modelError && !execErrors.length) checks.push(fail('process.executable', { kind: 'unreadable', problem: modelError }, 'process'));
    return checks;
  }
  checks.push(...(await groupChecks(db, service, model, units)));
  checks.push(...stepFormChecks(service, model));
  checks.push(...decisionChecks(model));

  checks.push(...deadlineChecks(model, m.timeLimitDays, perDay));
  // A result returned online or by post needs a step where it is attached or dispatched; a
  // partial service that hands the result over at the counter may do without (a warning).
  const resultStep = model.tasks.some((t) => t.decisions.includes('return-result') || t.connector === 'issue-result');
  const remote = m.onlineLevel === 'full' || m.resultChannels.some((c) => c !== 'counter');
  checks.push(resultStep ? pass('process.result_step', { kind: 'pass' }) : fail('process.result_step', { kind: 'missing' }, 'process', remote ? 'error' : 'warning'));
  return checks;
}

async function groupChecks(db: Db | Trx, service: ServiceDraft, model: ProcessModel, units: Array<{ id: string; agency_code: string; active: boolean }>): Promise<Check[]> {
  const byCode = new Map(units.map((u) => [u.agency_code, u]));
  const members = await db
    .selectFrom('groups as g')
    .innerJoin('group_members as m', 'm.group_id', 'g.id')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['g.unit_id', 'g.name'])
    .where('g.tenant_id', '=', service.tenant_id)
    .where('a.active', '=', true)
    .execute();
  const staffed = new Set(members.map((r) => `${r.unit_id}/${r.name}`));
  const out: Check[] = [];
  const receiving = service.metadata.receivingUnitIds;
  const unitCode = new Map(units.map((u) => [u.id, u.agency_code]));
  for (const task of model.tasks.filter((t) => t.type === 'bpmn:UserTask')) {
    for (const raw of task.candidateGroups) {
      if (/[$#{=]/.test(raw)) {
        out.push(fail('process.groups', { kind: 'expression', group: raw }, `process:${task.id}`, 'warning'));
        continue;
      }
      const g = parseGroup(raw);
      const targets = g.agencyCode ? [byCode.get(g.agencyCode)?.id].filter(Boolean) as string[] : receiving;
      if (g.agencyCode && !targets.length) {
        out.push(fail('process.groups', { kind: 'foreign_unit', task: task.name, unit: g.agencyCode, group: raw }, `process:${task.id}`));
        continue;
      }
      for (const unitId of targets) {
        if (!staffed.has(`${unitId}/${g.name}`)) {
          out.push(fail('process.groups', { kind: 'unstaffed', task: task.name, unit: unitCode.get(unitId) ?? unitId, group: g.name }, `process:${task.id}`));
        }
      }
    }
    for (const user of [task.assignee, ...task.candidateUsers].filter((u): u is string => !!u)) {
      if (/[$#{=]/.test(user)) continue;
      const account = await db.selectFrom('accounts').select('id').where('tenant_id', '=', service.tenant_id).where('username', '=', user.toLowerCase()).where('active', '=', true).executeTakeFirst();
      if (!account) out.push(fail('process.groups', { kind: 'no_user', task: task.name, user }, `process:${task.id}`));
    }
  }
  return out.length ? out : [pass('process.groups', { kind: 'pass' })];
}

/**
 * A user task's formKey names one of the service's step forms; a key naming none would leave
 * the official's step without its form. A Camunda-style external key (`embedded:app:…`,
 * `camunda-forms:…`, `app:…`) or an expression is not ours to check: a warning says the
 * official will see no step form there.
 */
function stepFormChecks(service: ServiceDraft, model: ProcessModel): Check[] {
  const out: Check[] = [];
  for (const task of model.tasks.filter((t) => t.type === 'bpmn:UserTask' && t.formKey)) {
    const key = task.formKey!;
    if (/[$#]\{/.test(key)) {
      out.push(fail('process.step_forms', { kind: 'expression', task: task.name, key }, `process:${task.id}`, 'warning'));
    } else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(key)) {
      out.push(fail('process.step_forms', { kind: 'external', task: task.name, key }, `process:${task.id}`, 'warning'));
    } else if (!Object.hasOwn(service.step_forms, key)) {
      out.push(fail('process.step_forms', { kind: 'missing', task: task.name, key, known: Object.keys(service.step_forms) }, `process:${task.id}`));
    }
  }
  return out.length ? out : [pass('process.step_forms', { kind: 'pass' })];
}

/**
 * The deadline shares along the longest path fit the legal time limit. A same-day service
 * (time limit 0) has one working day of the tenant, shared in hours: a share of a whole
 * working day or more would end on another day.
 */
function deadlineChecks(model: ProcessModel, timeLimitDays: number, perDay: number): Check[] {
  const longest = longestPathDays(model);
  const isTask = (id: string) => model.tasks.some((t) => t.id === id);
  const where = `process:${longest.path.find(isTask) ?? ''}`;
  const along = longest.path.filter(isTask).join(' → ');
  if (timeLimitDays > 0) {
    return [longest.days <= timeLimitDays + 1e-9
      ? pass('process.deadlines', { kind: 'pass_days', days: longest.days, limit: timeLimitDays })
      : fail('process.deadlines', { kind: 'over_days', along, days: longest.days, limit: timeLimitDays }, where)];
  }
  const out: Check[] = model.tasks
    .filter((t) => t.deadlineShare !== null && t.deadlineShare >= 1)
    .map((t) => fail('process.deadlines', { kind: 'share_in_days', task: t.name, share: t.deadlineShare! }, `process:${t.id}`));
  const byId = new Map(model.tasks.map((t) => [t.id, t]));
  const taskHours = (id: string) => {
    const t = byId.get(id);
    return t ? (t.deadlineHours ?? (t.deadlineShare ?? 0) * perDay) : 0;
  };
  const hours = Math.round(longest.path.reduce((sum, id) => sum + taskHours(id), 0) * 100) / 100;
  if (hours > perDay + 1e-6) {
    out.push(fail('process.deadlines', { kind: 'over_hours', along, hours, perDay }, where));
  }
  return out.length ? out : [pass('process.deadlines', { kind: 'pass_hours', hours, perDay })];
}

/**
 * The user tasks whose decision a gateway sees: walking back from it through events, other
 * gateways and sub-processes to the nearest task on each path. A task other than a user task
 * ends a path without a decision (a service task makes none).
 */
function nearestUserTasks(model: ProcessModel, gatewayId: string): ModelTask[] {
  const incoming = new Map<string, string[]>();
  for (const f of model.flows) incoming.set(f.target, [...(incoming.get(f.target) ?? []), f.source]);
  const taskById = new Map(model.tasks.map((t) => [t.id, t]));
  const found = new Map<string, ModelTask>();
  const seen = new Set([gatewayId]);
  const queue = [...(incoming.get(gatewayId) ?? [])];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const task = taskById.get(id);
    if (task) {
      if (task.type === 'bpmn:UserTask') found.set(id, task);
      continue;
    }
    queue.push(...(incoming.get(id) ?? []));
  }
  return [...found.values()];
}

function decisionChecks(model: ProcessModel): Check[] {
  const out: Check[] = [];
  const userTasks = new Map(model.tasks.filter((t) => t.type === 'bpmn:UserTask').map((t) => [t.id, t]));
  for (const [id, node] of model.nodes) {
    if (!/Gateway$/.test(node.type)) continue;
    const before = nearestUserTasks(model, id);
    const gateway = node.name || id;
    for (const flow of model.flows.filter((f) => f.source === id && f.condition)) {
      for (const tested of testedDecisions(flow.condition!)) {
        if (tested.task !== null) {
          // `decisions.<task>` reads that task's decision, wherever the task is.
          const t = userTasks.get(tested.task);
          if (!t) out.push(fail('process.decisions', { kind: 'not_a_task', gateway, task: tested.task }, `process:${flow.id}`));
          else if (!t.decisions.includes(tested.value)) out.push(fail('process.decisions', { kind: 'not_offered_by', gateway, decision: tested.value, task: t.name, offers: t.decisions }, `process:${flow.id}`));
          continue;
        }
        for (const t of before.filter((x) => !x.decisions.includes(tested.value))) {
          out.push(fail('process.decisions', { kind: 'not_offered', gateway, decision: tested.value, task: t.name, offers: t.decisions }, `process:${flow.id}`));
        }
      }
    }
  }
  return out.length ? out : [pass('process.decisions', { kind: 'pass' })];
}
