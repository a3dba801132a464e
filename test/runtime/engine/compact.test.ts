/**
 * The compact interpreter (runtime/engine/compact-host.ts) against bpmn-engine, side by side.
 *
 * Given a sequential diagram, when the same instance is driven through the same actions on a
 * runtime that runs it compactly and on one that runs it on bpmn-engine (compact: false),
 * then every step gives the same result: the step's status, row version, created and closed
 * tasks with their groups, decisions and due dates, dossier statuses, jobs and variables, the
 * same task and job rows, and the same error (code and message) where one fails. Only the
 * execution ids differ (bpmn-elements draws random ones), so ids are left out of the
 * comparison. The walks choose decisions, connector answers and start variables from a seeded
 * generator (bench/fill.ts's), so every run explores the same paths, loops included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDefinition } from '../../../runtime/engine/definitions.js';
import { runtimeElements } from '../../../runtime/engine/elements.js';
import { compactPlan } from '../../../runtime/engine/compact-plan.js';
import { isCompactState } from '../../../runtime/engine/compact-host.js';
import { STANDARD_CONNECTORS, type ConnectorRegistry } from '../../../runtime/engine/connectors.js';
import { RuntimeError } from '../../../runtime/engine/errors.js';
import { standardProcessXml } from '../../../server/procedures/template.js';
import { seeded } from '../../../bench/fill.js';
import { camundaExamplesDir, createWorld, fixturesDir, freshRuntime, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const diagrams: Record<string, string> = {
  ...Object.fromEntries(fs.readdirSync(fixturesDir).filter((f) => f.endsWith('.bpmn')).map((f) => [f, read(fixturesDir, f)])),
  ...Object.fromEntries(fs.readdirSync(camundaExamplesDir).filter((f) => f.endsWith('.bpmn')).map((f) => [`camunda/${f}`, read(camundaExamplesDir, f)])),
  'template (15 days, payment)': standardProcessXml({ timeLimitDays: 15, withPayment: true }),
  'template (15 days)': standardProcessXml({ timeLimitDays: 15, withPayment: false }),
  'template (same day)': standardProcessXml({ timeLimitDays: 0, withPayment: true }),
};

/** The diagrams the compact interpreter runs, by name. */
const COMPACT_DIAGRAMS = [
  'camunda/invoiceApproval.bpmn',
  'camunda/loanApproval.bpmn',
  'camunda/react-example.bpmn',
  'deadline-hours.bpmn',
  'deadline-share-days.bpmn',
  'endless-loop.bpmn',
  'exclusive-gateway.bpmn',
  'feel-routing.bpmn',
  'http-task.bpmn',
  'intermediate-timer.bpmn',
  'manual-loop.bpmn',
  'manual-task.bpmn',
  'message-catch.bpmn',
  'receive-task.bpmn',
  'script-attempts.bpmn',
  'service-task.bpmn',
  'template (15 days)',
  'template (15 days, payment)',
  'template (same day)',
  'timer-date.bpmn',
  'timer-months.bpmn',
  'user-task-expressions.bpmn',
  'user-task.bpmn',
];

async function planOf(xml: string) {
  return compactPlan((await parseDefinition(xml, { elements: runtimeElements })).sourceContext);
}

describe('Which versions the compact interpreter runs', () => {
  it('runs exactly the sequential diagrams, and names what sends each other one to bpmn-engine', async () => {
    const compact: string[] = [];
    const reasons: Record<string, string> = {};
    for (const [name, xml] of Object.entries(diagrams)) {
      const result = await planOf(xml);
      if (result.plan) compact.push(name);
      else reasons[name] = result.reason;
    }
    expect(compact.sort()).toEqual(COMPACT_DIAGRAMS);
    expect(reasons).toMatchObject({
      'boundary-error.bpmn': 'bpmn:BoundaryEvent onMissing',
      'error-end.bpmn': 'refusedEnd has bpmn:ErrorEventDefinition',
      'timer-hour-parallel.bpmn': 'bpmn:ParallelGateway fork',
      'inclusive-gateway.bpmn': 'bpmn:InclusiveGateway split',
      'message-start.bpmn': 'submitted has bpmn:MessageEventDefinition',
      'multi-instance.bpmn': 'review has loopCharacteristics',
      'parallel-gateway.bpmn': 'bpmn:ParallelGateway fork',
      'script-task.bpmn': 'bpmn:ScriptTask script',
      'subprocess.bpmn': 'bpmn:SubProcess appraisal',
      'timer-start.bpmn': 'at has bpmn:TimerEventDefinition',
      'camunda/camunda-testing-job-announcement.bpmn': 'bpmn:CallActivity publication',
    });
  });

  it('leaves to bpmn-engine a task with two outgoing flows, a conditional flow out of a task, and a second start event', async () => {
    const wrap = (body: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
    const split = wrap(`<bpmn:startEvent id="s"/><bpmn:task id="t"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
      <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f1" sourceRef="t" targetRef="e1"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e2"/>`);
    const conditional = wrap(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>
      <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">x = 1</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    const twoStarts = wrap(`<bpmn:startEvent id="s1"/><bpmn:startEvent id="s2"/><bpmn:endEvent id="e"/>
      <bpmn:sequenceFlow id="f1" sourceRef="s1" targetRef="e"/><bpmn:sequenceFlow id="f2" sourceRef="s2" targetRef="e"/>`);
    expect((await planOf(split)).reason).toBe('t has 2 outgoing flows');
    expect((await planOf(conditional)).reason).toBe('s has a conditional outgoing flow');
    expect((await planOf(twoStarts)).reason).toBe('2 start events');
  });
});

const ID_KEYS = new Set(['id', 'instanceId', 'instance_id', 'taskId', 'task_id', 'executionId', 'execution_id', 'jobId', 'job_id']);

/** The value with every id left out (execution ids are random in bpmn-engine, row ids differ). */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value instanceof Date) return value.toISOString();
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!ID_KEYS.has(k)) out[k] = withoutIds(v);
  return out;
}

/** Elements left and flows taken, with how often, read from a stored state of either host (as the studio's test run reads it). */
function takenPath(state: unknown, out: Record<string, number> = {}): Record<string, number> {
  if (Array.isArray(state)) state.forEach((s) => takenPath(s, out));
  else if (state && typeof state === 'object') {
    const o = state as Record<string, unknown>;
    const counters = o.counters as Record<string, number> | undefined;
    const n = (counters?.taken ?? 0) + (counters?.take ?? 0);
    if (typeof o.id === 'string' && typeof o.type === 'string' && n > 0) out[`${o.type} ${o.id}`] = n;
    for (const [k, v] of Object.entries(o)) if (k !== 'variables' && k !== 'environment' && v && typeof v === 'object') takenPath(v, out);
  }
  return out;
}

function sorted(rows: unknown): unknown[] {
  return (rows as unknown[]).map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r));
}

const CLOCK = new Date('2026-03-10T02:00:00Z'); // a Tuesday, 09:00 in Hà Nội

function messagesOf(xml: string): string[] {
  return [...xml.matchAll(/<(?:bpmn2?:)?message\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1]);
}

/** One walk of a diagram on one runtime: what every step gave, the rows after it, or its error. */
async function walk(xml: string, seed: number, compact: boolean): Promise<unknown[]> {
  const next = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const register = (r: ConnectorRegistry) => {
    for (const name of [...STANDARD_CONNECTORS, 'test-payment', 'test-notify']) {
      r.register(name, () => ({ variables: { paymentRequired: pick([true, false]), [`${name}Done`]: true } }), { maxAttempts: 1 });
    }
  };
  const s = new Scenario(world, xml, (w) => freshRuntime(w, { compact, clock: () => CLOCK, register }));
  const log: unknown[] = [];
  const attempt = async (label: string, action: () => Promise<unknown>) => {
    try {
      const result = await action();
      log.push({ label, result: withoutIds(result) });
      return true;
    } catch (err) {
      if (!(err instanceof RuntimeError)) throw err;
      log.push({ label, error: { code: err.code, message: err.message } });
      return false;
    }
  };
  const started = await attempt('start', () =>
    s.start(
      {
        amount: pick([50, 150, 5000]),
        approved: pick([true, false]),
        creditor: 'Great Pizza for Everyone Inc.',
        soBan: pick([1, 2, 3]),
        hours: pick([1, 4]),
        applicant: { kind: 'citizen', fullName: 'Nguyễn Văn An', email: 'an@example.vn' },
      },
      { businessKey: `walk-${seed}` },
    ),
  );
  if (!started) return log;
  const messages = messagesOf(xml);
  for (let step = 0; step < 14; step++) {
    const instance = await s.instance();
    log.push({
      step,
      instance: withoutIds({ status: instance.status, row_version: instance.row_version, variables: instance.variables }),
      // Rows made in one step have the same time on the fixed clock: compared as sets.
      tasks: sorted(withoutIds(await s.allTasks())),
      // A timer's expiry by the engine's own (real) clock differs by the milliseconds between the runs.
      jobs: sorted(withoutIds((await s.jobs()).map(({ created_at: _c, updated_at: _u, locked_by: _l, locked_until: _lu, payload, ...job }) => ({ ...job, payload: { ...(payload as object), engineExpireAt: undefined } })))),
      compactState: isCompactState(instance.state),
      path: takenPath(instance.state),
    });
    if (instance.status !== 'running') break;
    const [task] = await s.openTasks();
    const pending = (await s.jobs()).find((j) => j.status === 'pending');
    if (task) {
      const decisions = (task.decisions ?? []).map((d) => d.key);
      const decision = decisions.length ? pick(decisions) : undefined;
      await attempt(`complete ${task.element_id} ${decision ?? ''}`, () =>
        s.complete(task.element_id, { ...(decision && { decision }), data: { note: `step ${step}`, approved: pick([true, false]) } }),
      );
    } else if (pending) {
      // A timer's job runs when it is due by the runtime's clock.
      const now = new Date(Math.max(CLOCK.getTime(), pending.due_at.getTime()));
      await attempt(`job ${pending.element_id}`, () => s.runtime.runDueJobs(world.db, { now, workerId: 'walker' }));
    } else if (messages.length) {
      let delivered = false;
      for (const name of messages) {
        const before = log.length;
        if (await attempt(`message ${name}`, () => s.message(name, { supplemented: true }))) {
          delivered = true;
          break;
        }
        const last = log[before] as { error?: { code: string } };
        if (last.error?.code === 'message.not_expected') log.length = before;
        else break;
      }
      if (!delivered) break;
    } else break;
  }
  return log;
}

const sequential = COMPACT_DIAGRAMS.map((name) => [name, diagrams[name]] as const);

describe('Given a sequential diagram run on the compact interpreter and on bpmn-engine', () => {
  it.each(sequential)('When %s is walked along the same paths on both, then every step gives the same result', async (_name, xml) => {
    expect((await planOf(xml)).plan).toBeDefined();
    for (let seed = 1; seed <= 8; seed++) {
      const compact = await walk(xml, seed, true);
      const engine = await walk(xml, seed, false);
      // The compact runtime did run it compactly, and bpmn-engine did not.
      const states = (log: unknown[]) => log.filter((e) => (e as { compactState?: boolean }).compactState !== undefined).map((e) => (e as { compactState: boolean }).compactState);
      expect(new Set(states(compact))).toEqual(new Set(states(compact).length ? [true] : []));
      expect(states(engine).every((c) => !c)).toBe(true);
      // The path is read from the states: bpmn-engine's counters and the compact state's.
      const paths = (log: unknown[]) => log.map((e) => (e as { path?: Record<string, number> }).path).filter(Boolean);
      if (states(engine).length) expect(paths(engine).some((p) => Object.keys(p!).length > 0)).toBe(true);
      const clean = (log: unknown[]) => log.map((e) => ({ ...(e as object), compactState: undefined }));
      expect(clean(compact)).toEqual(clean(engine));
    }
  });
});

describe('Given the standard template on the compact interpreter', () => {
  it('When an instance is started, then its state is a compact one of under 2 KB, and a bpmn-engine instance of the same version keeps recovering on bpmn-engine', async () => {
    const xml = diagrams['template (15 days, payment)'];
    const compact = new Scenario(world, xml, (w) => freshRuntime(w, { clock: () => CLOCK }));
    await compact.start({ soBan: 1 });
    const stored = await compact.instance();
    expect(isCompactState(stored.state)).toBe(true);
    expect(JSON.stringify(stored.state).length).toBeLessThan(2048);

    // Started on bpmn-engine (a runtime of before), stepped by a runtime that would start it compactly.
    const older = new Scenario(world, xml, (w) => freshRuntime(w, { compact: false, clock: () => CLOCK }));
    await older.start({ soBan: 1 });
    const later = new Scenario(world, xml, (w) => freshRuntime(w, { clock: () => CLOCK }));
    later.instanceId = older.instanceId;
    const step = await later.complete('receive', { decision: 'accept' });
    expect(step.createdTasks.map((t) => t.elementId)).toEqual(['process']);
    expect(isCompactState((await later.instance()).state)).toBe(false);
  });
});

describe('Given a compact instance waiting on a timer whose time has come by the real clock', () => {
  it('When its job recovers it, then the timer fires once, on recovery, as bpmn-engine fires an expired timer on resume', async () => {
    const s = new Scenario(world, diagrams['intermediate-timer.bpmn'], (w) => freshRuntime(w, { clock: () => CLOCK }));
    await s.start();
    const stored = await s.instance();
    expect(isCompactState(stored.state)).toBe(true);
    const state = stored.state as unknown as { waits: Array<{ id: string; timer: { expireAt: string } }> };
    expect(state.waits.map((w) => w.id)).toEqual(['wait40d']);
    // The machine was down past the expiry.
    state.waits[0].timer.expireAt = new Date(Date.now() - 60_000).toISOString();
    await world.db.updateTable('process_instances').set({ state: JSON.stringify(state) as never }).where('id', '=', s.instanceId).execute();

    // Recovered (by any step of a server): the timer fires there, before anything else happens.
    const recovered = await s.tx(async (trx, runtime) => {
      const { host } = await runtime.recover(trx, await runtime.lockRunning(trx, world.tenantId, s.instanceId));
      return { waits: host.waits().map((w) => w.id), timers: host.timers.list().length };
    });
    expect(recovered).toEqual({ waits: ['decide'], timers: 0 });

    // Its job then finds the timer fired: it runs once, the step is taken once.
    const [job] = await s.jobs();
    const outcomes = await s.runtime.runDueJobs(world.db, { now: job.due_at, workerId: 'after-restart' });
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'timer', elementId: 'wait40d', outcome: 'done' })]);
    expect(await s.openTaskIds()).toEqual(['decide']);
    expect((await s.allTasks()).filter((t) => t.element_id === 'decide')).toHaveLength(1);
    expect((await s.instance()).state).toMatchObject({ waits: [expect.objectContaining({ id: 'decide' })] });
  });
});
