/**
 * The test run: the draft's process, run with sample data and a list of decisions, in a
 * transaction that is always rolled back — nothing reaches real dossiers, tasks or outboxes.
 * It uses the real runtime and the designer's tenant calendar for deadlines; connectors are
 * dry-run ones that record the call and report success. The answer is what a dossier would
 * meet: the elements taken, the tasks with their groups and due dates, the statuses.
 */
import crypto from 'node:crypto';
import Type, { type Static } from 'typebox';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { ConnectorRegistry, ProcessRuntime, runJobInTransaction, STANDARD_CONNECTORS, type StepResult } from '../../../runtime/index.js';
import { errors } from '../../errors.js';
import { assertDesigner } from '../policies.js';
import { getServiceForDesigner } from '../queries.js';
import { validateFormData } from '../../dossiers/validate.js';

export const TestRunReply = Type.Object({
  ok: Type.Boolean(),
  path: Type.Array(Type.Object({ elementId: Type.String(), type: Type.String(), name: Type.Union([Type.String(), Type.Null()]) })),
  tasks: Type.Array(Type.Object({ elementId: Type.String(), name: Type.Union([Type.String(), Type.Null()]), groups: Type.Array(Type.String()), dueAt: Type.Union([Type.String(), Type.Null()]), decision: Type.Union([Type.String(), Type.Null()]) })),
  statuses: Type.Array(Type.Object({ status: Type.Integer(), elementId: Type.String() })),
  connectorCalls: Type.Array(Type.Object({ connector: Type.String(), elementId: Type.String(), input: Type.Unknown() })),
  formErrors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  waitingFor: Type.Array(Type.String()),
  endedAt: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
});
export type TestRunReply = Static<typeof TestRunReply>;

export interface TestRunInput {
  data: Record<string, unknown>;
  decisions: Array<string | { decision: string; data?: Record<string, unknown>; task?: string }>;
  messages?: Array<{ name: string; data?: Record<string, unknown> }>;
  receivedAt?: string;
  receivingUnitId?: string;
}

class RollBack extends Error {
  constructor(readonly reply: TestRunReply) {
    super('test run rolled back');
  }
}

const MAX_ROUNDS = 200;

/** Elements and flows the engine took, from the counters in its stored state. */
function takenElements(state: unknown, out: Map<string, { type: string; name: string | null }> = new Map()) {
  if (Array.isArray(state)) state.forEach((s) => takenElements(s, out));
  else if (state && typeof state === 'object') {
    const o = state as Record<string, unknown>;
    const counters = o.counters as Record<string, number> | undefined;
    if (typeof o.id === 'string' && typeof o.type === 'string' && counters && ((counters.taken ?? 0) > 0 || (counters.take ?? 0) > 0)) {
      out.set(o.id, { type: o.type, name: typeof o.name === 'string' ? o.name : null });
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') takenElements(v, out);
  }
  return out;
}

export async function testRun(db: Db, ctx: RequestContext, id: string, input: TestRunInput): Promise<TestRunReply> {
  const actor = ctx.actor;
  assertDesigner(actor);
  const service = await getServiceForDesigner(db, actor, id);
  if (!service.bpmn_xml) throw errors.unprocessable('service.no_process', 'The service has no process to run');
  const xml = service.bpmn_xml;
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : new Date();
  let clock = receivedAt;
  const unitId = input.receivingUnitId ?? service.metadata.receivingUnitIds[0] ?? service.unit_id;
  const unit = await db.selectFrom('units').select(['agency_code']).where('id', '=', unitId).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
  if (!unit) throw errors.field('/receivingUnitId', 'unit.not_found', 'no such unit in this province');

  const calls: TestRunReply['connectorCalls'] = [];
  const connectors = new ConnectorRegistry();
  for (const name of STANDARD_CONNECTORS) {
    connectors.register(name, (call) => {
      calls.push({ connector: name, elementId: call.elementId, input: call.input });
      return name === 'request-payment' ? { variables: { paymentRequired: true, paymentId: 'test-run' } } : {};
    });
  }
  const runtime = new ProcessRuntime({ loadDiagram: async () => xml, connectors, clock: () => clock });
  const versionId = `test-run:${service.id}:${crypto.createHash('sha256').update(xml).digest('hex').slice(0, 16)}`;
  const form = validateFormData(service.form as { components?: unknown[] } | null, input.data);
  const reply: TestRunReply = { ok: true, path: [], tasks: [], statuses: [], connectorCalls: calls, formErrors: form.errors.map((e) => ({ path: e.path, message: e.message })), waitingFor: [], endedAt: null, error: null };

  try {
    await db.transaction().execute(async (trx) => {
      const record = (step: StepResult) => {
        for (const s of step.statusChanges) reply.statuses.push({ status: s.status, elementId: s.elementId });
        for (const t of step.createdTasks) {
          const groups = t.candidateGroups.map((g) => (g.includes('/') ? g : `${unit.agency_code}/${g}`));
          reply.tasks.push({ elementId: t.elementId, name: t.elementName, groups, dueAt: t.dueAt?.toISOString() ?? null, decision: null });
        }
        return step;
      };
      let step = record(await runtime.startInstance(trx, {
        tenantId: actor.tenantId,
        versionId,
        xml,
        businessKey: null,
        variables: { ...form.data, dossier: { code: `${unit.agency_code}-000000-0000`, channel: 'online', receivingUnit: unit.agency_code }, applicant: { fullName: 'Công dân thử nghiệm' } },
      }));
      const decisions = [...input.decisions];
      const messages = [...(input.messages ?? [])];
      try {
        for (let round = 0; round < MAX_ROUNDS && step.status === 'running'; round++) {
          const jobs = await trx.selectFrom('process_jobs').select(['id', 'kind', 'due_at']).where('instance_id', '=', step.instanceId).where('status', '=', 'pending').orderBy('due_at').execute();
          const connectorJob = jobs.find((j) => j.kind === 'connector');
          if (connectorJob) {
            step = record((await runJobInTransaction(runtime, trx, connectorJob.id, clock)) ?? step);
            continue;
          }
          const open = await trx.selectFrom('tasks').select(['id', 'element_id']).where('instance_id', '=', step.instanceId).where('status', '=', 'open').orderBy('created_at').orderBy('element_id').execute();
          const next = decisions[0];
          const wanted = typeof next === 'object' && next.task ? open.find((t) => t.element_id === next.task) : open[0];
          if (next !== undefined && wanted) {
            decisions.shift();
            const d = typeof next === 'string' ? { decision: next } : next;
            step = record(await runtime.completeTask(trx, { tenantId: actor.tenantId, taskId: wanted.id, actor: 'test-run', decision: d.decision, data: d.data }));
            const done = [...reply.tasks].reverse().find((t) => t.elementId === wanted.element_id && t.decision === null);
            if (done) done.decision = d.decision;
            continue;
          }
          if (messages.length) {
            const m = messages.shift()!;
            step = record(await runtime.deliverMessage(trx, { tenantId: actor.tenantId, instanceId: step.instanceId, message: m.name, data: m.data }));
            continue;
          }
          const timer = jobs.find((j) => j.kind === 'timer');
          if (timer && !open.length) {
            // Nobody is left to act: let the next timer's time come, as it would.
            clock = new Date(Math.max(clock.getTime(), timer.due_at.getTime()));
            step = record((await runJobInTransaction(runtime, trx, timer.id, clock)) ?? step);
            continue;
          }
          reply.waitingFor = open.map((t) => t.element_id);
          break;
        }
      } catch (err) {
        const e = err as { code?: string; message?: string };
        reply.ok = false;
        reply.error = { code: e.code ?? 'test_run.failed', message: e.message ?? String(err) };
      }
      const instance = await trx.selectFrom('process_instances').select(['state', 'status', 'ended_at']).where('id', '=', step.instanceId).executeTakeFirstOrThrow();
      reply.path = [...takenElements(instance.state)].map(([elementId, v]) => ({ elementId, ...v }));
      reply.endedAt = instance.ended_at?.toISOString() ?? null;
      if (decisions.length && !reply.error) {
        reply.ok = false;
        reply.error = { code: 'test_run.unused_decisions', message: `The process stopped before these decisions were used: ${decisions.map((d) => (typeof d === 'string' ? d : d.decision)).join(', ')}` };
      }
      throw new RollBack(reply);
    });
  } catch (err) {
    if (err instanceof RollBack) return err.reply;
    const e = err as { code?: string; message?: string };
    return { ...reply, ok: false, error: { code: e.code ?? 'test_run.failed', message: e.message ?? String(err) } };
  }
  return reply;
}
