/**
 * The publish check list. Each entry names a check, says whether it passes, and where the
 * problem is (a metadata field, a component, a form path, a diagram element), so the studio
 * can link to it. Errors refuse publishing; warnings are shown and let it pass.
 */
import type { Db, Trx } from '../db/connect.js';
import type { Service } from '../db/database.js';
import { chargeableFees, isFeePending } from '../../schemas/service.js';
import { checkExecutable } from '../../runtime/check/index.js';
import { expressionReferences, parseCheck } from '../../runtime/expressions/index.js';
import { DefinitionError } from '../../runtime/engine/definitions.js';
import { analyzeForm } from './form.js';
import { hoursPerDay, tenantCalendar } from '../calendar/index.js';
import { longestPathDays, readProcessModel, testedDecisions, type ModelTask, type ProcessModel } from './process-model.js';

export interface Check {
  check: string;
  ok: boolean;
  severity: 'error' | 'warning';
  message: string;
  /** `metadata.name`, `components[1].condition`, `form:components[2]`, `process:Task_1`… */
  where: string | null;
}

type ServiceDraft = Pick<Service, 'tenant_id' | 'unit_id' | 'metadata' | 'components' | 'form' | 'step_forms' | 'bpmn_xml' | 'notes'>;

const pass = (check: string, message: string): Check => ({ check, ok: true, severity: 'error', message, where: null });
const fail = (check: string, message: string, where: string | null, severity: 'error' | 'warning' = 'error'): Check => ({ check, ok: false, severity, message, where });

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
  const missing: Array<[string, boolean, string]> = [
    ['metadata.name', !m.name?.trim(), 'the service has no name'],
    ['metadata.field', !m.field?.trim(), 'the field (lĩnh vực) is missing'],
    ['metadata.receivingUnitIds', !m.receivingUnitIds.length, 'no receiving unit: citizens would have nowhere to apply'],
    ['metadata.result', !m.result?.trim(), 'the result of the service is not described'],
    ['metadata.resultChannels', !m.resultChannels.length, 'no way to return the result is chosen'],
    ['metadata.legalBasis', !m.legalBasis.length, 'no legal basis is given'],
    ['metadata.applicants', !m.applicants.kinds.length, 'who may apply is not said'],
  ];
  const metaFails = missing.filter(([, bad]) => bad);
  checks.push(...(metaFails.length ? metaFails.map(([where, , msg]) => fail('metadata.complete', msg, where)) : [pass('metadata.complete', 'the service is fully described')]));

  // Receiving units: the owner unit or units below it, active.
  const units = await db.selectFrom('units').select(['id', 'parent_id', 'active', 'agency_code']).where('tenant_id', '=', service.tenant_id).execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  const isUnder = (id: string) => {
    for (let u = byId.get(id); u; u = u.parent_id ? byId.get(u.parent_id) : undefined) if (u.id === service.unit_id) return true;
    return false;
  };
  const unitFails = m.receivingUnitIds.flatMap((id, i) => {
    const u = byId.get(id);
    if (!u || !isUnder(id)) return [fail('receiving_units.valid', 'is not the owner unit or a unit below it', `metadata.receivingUnitIds[${i}]`)];
    if (!u.active) return [fail('receiving_units.valid', `unit ${u.agency_code} is inactive`, `metadata.receivingUnitIds[${i}]`)];
    return [];
  });
  checks.push(...(unitFails.length ? unitFails : [pass('receiving_units.valid', 'every receiving unit is the owner unit or below it')]));

  // Level 4 needs online payment and an online result.
  let model: ProcessModel | null = null;
  let modelError: string | null = null;
  // Hours are turned into days at the tenant's own working day, as the runtime counts them.
  const perDay = hoursPerDay(await tenantCalendar(db, service.tenant_id));
  if (service.bpmn_xml) {
    try {
      model = await readProcessModel(service.bpmn_xml, { hoursPerDay: perDay });
    } catch (err) {
      modelError = err instanceof DefinitionError ? err.message : 'the diagram cannot be read';
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
      checks.push(fail('level.payment', 'a full online service with fees needs online payment, and no payment provider is configured: configure one, or make the service partial', 'metadata.fees'));
    } else if (atStep.length && !hasPaymentStep) {
      checks.push(fail('level.payment', 'fees due at a payment step need a payment step in the process (a service task with the request-payment connector)', 'process'));
    } else {
      checks.push(pass('level.payment', total > 0 ? 'fees are paid online' : 'no fee to pay'));
    }
    checks.push(m.resultChannels.includes('online') ? pass('level.result', 'the result is returned online') : fail('level.result', 'a full online service must return its result online', 'metadata.resultChannels'));
  }

  // Content: a form or components.
  const form = service.form ? analyzeForm(service.form) : null;
  checks.push(form?.fields.length || service.components.length ? pass('content.present', 'the citizen has a form to fill or documents to attach') : fail('content.present', 'the service needs a form with fields or at least one dossier component', 'form'));
  const keys = new Set(form?.fields.map((f) => f.path.split('.')[0].replace('[]', '')) ?? []);
  const fieldPaths = new Set(form?.fields.map((f) => f.path) ?? []);

  if (form) {
    checks.push(...(form.problems.length ? form.problems.map((p) => fail('form.structure', p.message, `form:${p.path}`)) : [pass('form.structure', 'the form is well formed')]));
    checks.push(...(form.customCode.length ? form.customCode.map((p) => fail('form.no_custom_code', p.message, `form:${p.path}`)) : [pass('form.no_custom_code', 'the form runs no custom JavaScript')]));
  }
  for (const [key, stepForm] of Object.entries(service.step_forms)) {
    const a = analyzeForm(stepForm);
    for (const p of [...a.problems, ...a.customCode]) checks.push(fail(p.code === 'form.custom_code' ? 'form.no_custom_code' : 'form.structure', p.message, `stepForm:${key}:${p.path}`));
  }

  // Conditions: FEEL that parses and reads only fields of the form.
  const conditionFails: Check[] = [];
  const checkCondition = (text: string | undefined, where: string) => {
    if (!text) return;
    const parsed = parseCheck(text, 'condition');
    if (!parsed.ok) return conditionFails.push(fail('conditions.valid', `the condition does not parse: ${parsed.error}`, where));
    const names = expressionReferences(text, 'condition').names;
    const unknown = names.filter((n) => !keys.has(n));
    if (unknown.length) conditionFails.push(fail('conditions.valid', `the condition reads ${unknown.map((u) => `"${u}"`).join(', ')}, which the form does not have`, where));
  };
  service.components.forEach((c, i) => {
    if (c.requirement === 'conditional' && !c.condition) conditionFails.push(fail('conditions.valid', 'a conditional component needs its condition', `components[${i}].condition`));
    checkCondition(c.condition, `components[${i}].condition`);
  });
  m.fees.forEach((f, i) => {
    checkCondition(f.condition, `metadata.fees[${i}].condition`);
    if (f.quantityField && !fieldPaths.has(f.quantityField)) conditionFails.push(fail('conditions.valid', `the quantity field "${f.quantityField}" is not in the form`, `metadata.fees[${i}].quantityField`));
  });
  checks.push(...(conditionFails.length ? conditionFails : [pass('conditions.valid', 'every condition parses and reads fields of the form')]));

  // Fees an import left without their condition are not charged until it is written.
  m.fees.forEach((f, i) => {
    if (isFeePending(f)) checks.push(fail('fees.condition_pending', `fee "${f.name}" is not charged until its condition is written (or it is marked as always charged)`, `metadata.fees[${i}].condition`, 'warning'));
  });

  // Notes an import left for the designer.
  for (const note of service.notes) checks.push(fail('notes.resolved', note.text, note.where, 'warning'));

  // The process.
  if (!service.bpmn_xml) {
    checks.push(fail('process.executable', 'the service has no process', 'process'));
    return checks;
  }
  const executable = await checkExecutable(service.bpmn_xml, options.knownConnectors ? { knownConnectors: [...options.knownConnectors] } : {});
  const execErrors = executable.problems.map((p) => fail('process.executable', p.message, p.elementId ? `process:${p.elementId}` : 'process', p.severity));
  checks.push(...(execErrors.length ? execErrors : [pass('process.executable', 'the process can run')]));
  if (!model) {
    if (modelError && !execErrors.length) checks.push(fail('process.executable', modelError, 'process'));
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
  checks.push(resultStep ? pass('process.result_step', 'the process returns a result') : fail('process.result_step', 'no step returns the result (a user task offering return-result, or a service task with the issue-result connector)', 'process', remote ? 'error' : 'warning'));
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
        out.push(fail('process.groups', `candidate group "${raw}" is an expression: it can only be checked when a dossier runs`, `process:${task.id}`, 'warning'));
        continue;
      }
      const g = parseGroup(raw);
      const targets = g.agencyCode ? [byCode.get(g.agencyCode)?.id].filter(Boolean) as string[] : receiving;
      if (g.agencyCode && !targets.length) {
        out.push(fail('process.groups', `task "${task.name}": unit ${g.agencyCode} of group "${raw}" is not in this province`, `process:${task.id}`));
        continue;
      }
      for (const unitId of targets) {
        if (!staffed.has(`${unitId}/${g.name}`)) {
          out.push(fail('process.groups', `task "${task.name}": unit ${unitCode.get(unitId) ?? unitId} has no group "${g.name}" with an active member`, `process:${task.id}`));
        }
      }
    }
    for (const user of [task.assignee, ...task.candidateUsers].filter((u): u is string => !!u)) {
      if (/[$#{=]/.test(user)) continue;
      const account = await db.selectFrom('accounts').select('id').where('tenant_id', '=', service.tenant_id).where('username', '=', user.toLowerCase()).where('active', '=', true).executeTakeFirst();
      if (!account) out.push(fail('process.groups', `task "${task.name}": user "${user}" is not an active account of this province`, `process:${task.id}`));
    }
  }
  return out.length ? out : [pass('process.groups', 'every step has staffed groups in every receiving unit')];
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
      out.push(fail('process.step_forms', `task "${task.name}": form key "${key}" is an expression: it can only be checked when a dossier runs`, `process:${task.id}`, 'warning'));
    } else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(key)) {
      out.push(fail('process.step_forms', `task "${task.name}": form key "${key}" names an external form, which this platform does not show; officials will see the step without a form unless it names a step form of the service`, `process:${task.id}`, 'warning'));
    } else if (!Object.hasOwn(service.step_forms, key)) {
      const known = Object.keys(service.step_forms);
      out.push(fail('process.step_forms', `task "${task.name}": step form "${key}" does not exist (the service has ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'no step forms'})`, `process:${task.id}`));
    }
  }
  return out.length ? out : [pass('process.step_forms', 'every step form a task names exists')];
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
      ? pass('process.deadlines', `the longest path takes ${longest.days} of ${timeLimitDays} working days`)
      : fail('process.deadlines', `the deadline shares along ${along} add up to ${longest.days} working days, more than the legal ${timeLimitDays}`, where)];
  }
  const out: Check[] = model.tasks
    .filter((t) => t.deadlineShare !== null && t.deadlineShare >= 1)
    .map((t) => fail('process.deadlines', `task "${t.name}" has a share of ${t.deadlineShare} working day(s), but the service is same-day: give its share in working hours (esb:deadlineHours)`, `process:${t.id}`));
  const byId = new Map(model.tasks.map((t) => [t.id, t]));
  const taskHours = (id: string) => {
    const t = byId.get(id);
    return t ? (t.deadlineHours ?? (t.deadlineShare ?? 0) * perDay) : 0;
  };
  const hours = Math.round(longest.path.reduce((sum, id) => sum + taskHours(id), 0) * 100) / 100;
  if (hours > perDay + 1e-6) {
    out.push(fail('process.deadlines', `the deadline shares along ${along} add up to ${hours} working hours, more than the one working day (${perDay} hours) of a same-day service`, where));
  }
  return out.length ? out : [pass('process.deadlines', `the longest path takes ${hours} of the ${perDay} working hours of the same day`)];
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
  const offers = (t: ModelTask) => t.decisions.join(', ') || 'none';
  for (const [id, node] of model.nodes) {
    if (!/Gateway$/.test(node.type)) continue;
    const before = nearestUserTasks(model, id);
    const gateway = node.name || id;
    for (const flow of model.flows.filter((f) => f.source === id && f.condition)) {
      for (const tested of testedDecisions(flow.condition!)) {
        if (tested.task !== null) {
          // `decisions.<task>` reads that task's decision, wherever the task is.
          const t = userTasks.get(tested.task);
          if (!t) out.push(fail('process.decisions', `gateway "${gateway}" tests the decision of "${tested.task}", which is not a user task of the process`, `process:${flow.id}`));
          else if (!t.decisions.includes(tested.value)) out.push(fail('process.decisions', `gateway "${gateway}" tests the decision "${tested.value}" of task "${t.name}", which does not offer it (it offers ${offers(t)})`, `process:${flow.id}`));
          continue;
        }
        for (const t of before.filter((x) => !x.decisions.includes(tested.value))) {
          out.push(fail('process.decisions', `gateway "${gateway}" tests the decision "${tested.value}", which task "${t.name}" does not offer (it offers ${offers(t)})`, `process:${flow.id}`));
        }
      }
    }
  }
  return out.length ? out : [pass('process.decisions', 'every decision a gateway tests is offered by the task before it')];
}
