/**
 * Engine benchmark: median CPU time per start and per step exactly as the runtime's commands
 * do them (ProcessRuntime.startInstance / completeTask and step.ts's finishStep), without the
 * database round trip.
 *
 * The diagram is the standard one-stop process the server publishes for a new service
 * (server/procedures/template.ts: receive → process → approve → return result, with deadline
 * shares, dossier statuses and decision gateways whose conditions are FEEL), for a 15-day
 * time limit (shares 1.5, 9, 3 and 1.5 working days: whole and fractional days). Each
 * instance starts with a submission's variables (form data, dossier, applicant) and goes
 * accept → forward → approve → return-result to its end; an ended instance is replaced by a
 * new one. Every created task gets its due date from its share on the tenant's working
 * calendar, preloaded as the server's tenantCalendar cache holds it (CPU only).
 *
 *   start: new engine from the cached definition, run to the first wait, describe the new
 *          user tasks with their due dates, list timers, lean state as JSON text, variables
 *          as JSON (what is stored);
 *   step (engine_step_ms): JSON text of the stored state -> JSON.parse -> new engine,
 *          recover, resume; the task completion (decision and data into the variables, signal;
 *          the engine runs through the gateway to the next wait); then as above. This is what
 *          a server does for an official's step: steps of a dossier are hours or days apart
 *          and a server holds thousands of open dossiers, so the instance's engine is almost
 *          never still live (the runtime keeps 100), or another server process stepped it.
 *   step, live (engine_step_live_ms): the same step on the instance's engine kept from its
 *          previous step, proven current by the row version (live-engines.ts). The server
 *          gets it only for consecutive steps of an instance it stepped recently (back-to-back
 *          steps, a step and its connector job); expected hit rate for officials' steps: ~0.
 * The steps go round a set of instances; on the recovered path the state is handed from one
 * step to the next only as JSON text, as through the database.
 *
 * The host is the server's: the standard template is sequential, so the server runs it on the
 * compact interpreter (runtime/engine/compact-host.ts, hosts.ts chooses). The same steps on
 * bpmn-engine (the host of every process with boundary events, timer cycles, parallel paths,
 * sub-processes or multi-instance tasks) are measured after it and printed with the prefix
 * `bpmn-engine`.
 *
 *   npx tsx bench/engine.ts [steps] [instances] [all|recover|live] [both|server|bpmn-engine]
 */
import { parseDefinition } from '../runtime/engine/definitions.js';
import { runtimeElements } from '../runtime/engine/elements.js';
import { safeEngineOptions } from '../runtime/expressions/index.js';
import type { HostConfig } from '../runtime/engine/host.js';
import { recoverHost, runsCompact, startHost } from '../runtime/engine/hosts.js';
import type { StepHost } from '../runtime/engine/step-host.js';
import { LiveEngines } from '../runtime/engine/live-engines.js';
import { describeUserTask, isUserTaskWait, type UserTaskSpec } from '../runtime/engine/user-tasks.js';
import { completeTaskAction } from '../runtime/engine/task-completion.js';
import { dueOnCalendar } from '../runtime/engine/calendar-deadlines.js';
import { WorkingCalendar, knownGovernmentDecisions } from '../runtime/calendar/index.js';
import type { TaskRow } from '../runtime/db.js';
import { standardProcessXml } from '../server/procedures/template.js';

const steps = Number(process.argv[2] ?? 3000);
const instances = Number(process.argv[3] ?? 50);
const only = process.argv[4] ?? 'all';
const hosts = process.argv[5] ?? 'both';

const TIME_LIMIT_DAYS = 15;
const xml = standardProcessXml({ timeLimitDays: TIME_LIMIT_DAYS, withPayment: false });
// As ProcessRuntime does: parsed once with the runtime's elements, the safe expressions in every engine.
const definition = await parseDefinition(xml, { elements: runtimeElements });
const serverConfig: HostConfig = { sourceContext: definition.sourceContext, engineOptions: safeEngineOptions(), maxActivitiesPerRun: 500 };
const bpmnEngineConfig: HostConfig = { ...serverConfig, compact: false };
let config = serverConfig;
// The tenant's calendar as server/calendar's cache holds it: default hours, the decided days.
const calendar = new WorkingCalendar({ decidedDays: knownGovernmentDecisions() });

/** What each task's official decides and enters, on the standard path to the end. */
const completions: Record<string, { decision: string; data: Record<string, unknown> }> = {
  receive: { decision: 'accept', data: { note: 'Hồ sơ đầy đủ, hợp lệ' } },
  process: { decision: 'forward', data: { opinion: 'Đủ điều kiện giải quyết, đề nghị phê duyệt', draftNo: '123/UBND' } },
  approve: { decision: 'approve', data: {} },
  returnResult: { decision: 'return-result', data: { resultFileId: '5f0c8b8e-2d4b-4c55-9c53-8a3f6d2b9e11' } },
};

/** A submission's variables, as server/dossiers/commands/submit.ts passes them. */
function submission(i: number): Record<string, unknown> {
  return {
    hoTen: 'Nguyễn Văn An',
    soCccd: `0010990${String(10000 + i).padStart(5, '0')}`,
    nopThay: false,
    soBan: 1 + (i % 3),
    doiTuongUuDai: i % 7 === 0,
    khongThuongTru: i % 5 === 0,
    cungDangKy: false,
    coTangHam: false,
    dossier: { id: `b1e0c7a2-7a43-4d0e-9f6b-${String(i).padStart(12, '0')}`, code: `H01.05-250101-${String(i).padStart(4, '0')}`, channel: 'online', receivingUnit: 'H01.05', serviceId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', feesTotal: 50000 },
    applicant: { kind: 'citizen', fullName: 'Nguyễn Văn An', idNumber: `0010990${String(10000 + i).padStart(5, '0')}`, phone: '0912345678', email: 'an.nguyen@example.vn' },
  };
}

/** One instance as its row holds it: the stored JSON text, the row version, its open task row. */
interface Row {
  id: string;
  text: string;
  rowVersion: number;
  task: TaskRow;
}

/** finishStep's work without the database: variables, state text, new tasks with due dates, jobs. */
function finish(host: StepHost, known: string | undefined, now: Date): { text: string; created: UserTaskSpec[] } {
  const variables = host.variables();
  const text = host.stateText();
  JSON.stringify(variables);
  const created: UserTaskSpec[] = [];
  for (const api of host.waits()) {
    if (!isUserTaskWait(api) || api.executionId === known) continue;
    const spec = describeUserTask(api, definition.sourceContext);
    created.push(spec.dueAt || !spec.deadline ? spec : { ...spec, dueAt: dueOnCalendar(calendar, { tenantId: 't', from: now, ...spec.deadline }) });
  }
  for (const spec of created) JSON.stringify(spec.decisions);
  host.timers.list();
  [...host.serviceCalls.values()];
  return { text, created };
}

function taskRow(id: string, spec: UserTaskSpec): TaskRow {
  return { id: `${id}-${spec.elementId}`, execution_id: spec.executionId, element_id: spec.elementId, decisions: spec.decisions, status: 'open', row_version: 1 } as unknown as TaskRow;
}

let started = 0;
let hits = 0;
async function start(): Promise<{ row: Row; host: StepHost }> {
  const id = `i${started++}`;
  const host = await startHost(config, submission(started));
  const { text, created } = finish(host, undefined, new Date());
  return { row: { id, text, rowVersion: 1, task: taskRow(id, created[0]) }, host };
}

/** One task completion; `live` given: the hit path (ProcessRuntime.takeLive), else the recovered path. */
async function step(row: Row, live?: LiveEngines): Promise<{ row?: Row; ended: boolean }> {
  let host = live?.take(row.id, row.rowVersion, 'bench');
  if (host?.beginStep()) hits++;
  else host = await recoverHost(config, JSON.parse(row.text));
  const { decision, data } = completions[row.task.element_id];
  await completeTaskAction(host, row.task, { tenantId: 't', taskId: row.task.id, actor: 'bench', decision, data: { ...data } });
  const { text, created } = finish(host, row.task.execution_id, new Date());
  if (host.ended) return { ended: true };
  const next = { id: row.id, text, rowVersion: row.rowVersion + 1, task: taskRow(row.id, created[0]) };
  // After the commit.
  live?.put({ instanceId: row.id, rowVersion: next.rowVersion, versionId: 'bench', host });
  return { row: next, ended: false };
}

function cpuMs(before: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

const startTimes: number[] = [];
const sizes: number[] = [];

async function newRow(live?: LiveEngines): Promise<Row> {
  const t = process.cpuUsage();
  const { row, host } = await start();
  startTimes.push(cpuMs(t));
  sizes.push(Buffer.byteLength(row.text));
  live?.put({ instanceId: row.id, rowVersion: row.rowVersion, versionId: 'bench', host });
  return row;
}

async function measure(count: number, live?: LiveEngines): Promise<{ times: number[]; byElement: Map<string, number[]> }> {
  const rows: Row[] = [];
  for (let i = 0; i < instances; i++) rows.push(await newRow(live));
  hits = 0;
  const times: number[] = [];
  const byElement = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const k = i % rows.length;
    const element = rows[k].task.element_id;
    const t = process.cpuUsage();
    const result = await step(rows[k], live);
    const ms = cpuMs(t);
    times.push(ms);
    if (!byElement.has(element)) byElement.set(element, []);
    byElement.get(element)!.push(ms);
    if (result.row) {
      rows[k] = result.row;
      sizes.push(Buffer.byteLength(result.row.text));
    } else rows[k] = await newRow(live);
  }
  if (live ? hits !== count : hits !== 0) throw new Error(`${hits} of ${count} steps found a live engine`);
  return { times, byElement };
}

const perElement = (m: Map<string, number[]>) => [...m].map(([id, t]) => `${id} ${median(t).toFixed(3)}`).join(', ');

interface Figures {
  startTimes: number[];
  sizes: number[];
  recovered?: { times: number[]; byElement: Map<string, number[]> };
  kept?: { times: number[]; byElement: Map<string, number[]> };
}

/** Warm up the JIT, then measure, on the host `config` gives. */
async function measureHost(): Promise<Figures> {
  const live = new LiveEngines(instances);
  if (only !== 'recover') await measure(400, live);
  if (only !== 'live') await measure(400);
  startTimes.length = 0;
  sizes.length = 0;
  const recovered = only === 'live' ? undefined : await measure(steps);
  const kept = only === 'recover' ? undefined : await measure(steps, live);
  return { startTimes: startTimes.splice(0), sizes: sizes.splice(0), recovered, kept };
}

function print(prefix: string, f: Figures): void {
  console.log(`  ${prefix}start: median ${median(f.startTimes).toFixed(3)} ms CPU (${f.startTimes.length} starts)`);
  if (f.recovered) console.log(`  ${prefix}step (recovered): median ${median(f.recovered.times).toFixed(3)} ms CPU, stored state to stored state (${perElement(f.recovered.byElement)})`);
  if (f.kept) console.log(`  ${prefix}step (live): median ${median(f.kept.times).toFixed(3)} ms CPU, on the engine kept from the previous step (${perElement(f.kept.byElement)}); expected hit rate for officials' steps ~0`);
  console.log(`  ${prefix}state: median ${median(f.sizes)} bytes of JSON (max ${Math.max(...f.sizes)})`);
}

const serverHost = runsCompact(serverConfig) ? 'compact interpreter' : 'bpmn-engine';
console.log(`engine bench: the standard template (${TIME_LIMIT_DAYS}-day limit), ${steps} steps of each kind over ${instances} instances`);
if (hosts !== 'bpmn-engine') {
  config = serverConfig;
  console.log(`  the server's host for it: ${serverHost}`);
  print('', await measureHost());
}
if (hosts !== 'server') {
  config = bpmnEngineConfig;
  print('bpmn-engine ', await measureHost());
}
