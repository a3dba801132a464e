/**
 * Engine benchmark: median CPU time per start and per step exactly as the runtime's commands
 * do them, without the database round trip:
 *   start: new engine from the cached definition, run to the first wait, describe the new
 *          user tasks, list timers, build the lean state, JSON text (what is stored);
 *   step, live engine (hit): the instance's engine kept from its previous step, proven
 *          current by the row version (ProcessRuntime takes it when the locked row's version
 *          is the one it was kept at: consecutive steps of an instance in one server process,
 *          within the runtime's `liveEngines` cap), signal the waiting task (decision and
 *          data into the variables first), run to the next wait, describe the new user
 *          tasks, list timers, lean state, JSON text: the state is still stored at every step;
 *   step, recovered (miss): JSON text of the stored state -> new engine, recover, resume,
 *          then the same as above (another process advanced the instance, the engine was
 *          pushed out of the cache, or the server restarted).
 * The steps go round a set of instances, as a server's live engines do; on the miss path the
 * state is handed from one step to the next only as JSON text, as through the database.
 *
 *   npx tsx bench/engine.ts [steps] [instances]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDefinition } from '../runtime/engine/definitions.js';
import { runtimeElements } from '../runtime/engine/elements.js';
import { safeEngineOptions } from '../runtime/expressions/index.js';
import { EngineHost, type HostConfig } from '../runtime/engine/host.js';
import { LiveEngines } from '../runtime/engine/live-engines.js';
import type { LeanState } from '../runtime/engine/state.js';
import { describeUserTask, isUserTaskWait } from '../runtime/engine/user-tasks.js';
import { assignToScopes, completionValues } from '../runtime/engine/variables.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const xml = fs.readFileSync(path.join(here, '../test/runtime/fixtures/bench-cycle.bpmn'), 'utf8');
const steps = Number(process.argv[2] ?? 3000);
const instances = Number(process.argv[3] ?? 50);

// As ProcessRuntime does: parsed once with the runtime's elements, the safe expressions in every engine.
const definition = await parseDefinition(xml, { elements: runtimeElements });
const config: HostConfig = { sourceContext: definition.sourceContext, engineOptions: safeEngineOptions(), maxActivitiesPerRun: 500 };
const decisions: Record<string, string> = { receive: 'accept', process: 'forward', approve: 'approve' };

/** One instance as its row holds it: the stored JSON text, the row version, the open task. */
interface Row {
  id: string;
  text: string;
  rowVersion: number;
  open: string;
}

function observe(host: EngineHost, known: Set<string>) {
  const created = [];
  for (const api of host.waits()) {
    if (isUserTaskWait(api) && !known.has(api.executionId)) created.push(describeUserTask(api, definition.sourceContext));
  }
  host.timers.list();
  return created;
}

async function start(id: string): Promise<{ row: Row; host: EngineHost }> {
  const host = await EngineHost.start(config, { applicant: 'Nguyễn Văn A', fee: 50000 });
  const [task] = observe(host, new Set());
  const text = host.stateText();
  JSON.stringify(host.variables());
  return { row: { id, text, rowVersion: 1, open: task.executionId }, host };
}

/** One task completion; `live` given: the hit path (ProcessRuntime.recover's takeLive), else the miss path. */
async function step(row: Row, live?: LiveEngines): Promise<Row> {
  let host = live?.take(row.id, row.rowVersion, 'bench');
  if (!host?.beginStep()) host = await EngineHost.recover(config, JSON.parse(row.text) as LeanState);
  const api = host.wait(row.open)!;
  const values = completionValues(host.variables(), api.id, false, decisions[api.id], { note: `step ${api.id}` });
  await host.act(() => {
    assignToScopes(api.owner, values);
    api.signal({ decision: decisions[api.id] });
  });
  const [task] = observe(host, new Set([row.open]));
  const text = host.stateText();
  JSON.stringify(host.variables());
  const next = { id: row.id, text, rowVersion: row.rowVersion + 1, open: task.executionId };
  // After the commit.
  live?.put({ instanceId: row.id, rowVersion: next.rowVersion, versionId: 'bench', host });
  return next;
}

function cpuMs(before: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function measure(rows: Row[], count: number, live?: LiveEngines): Promise<{ times: number[]; sizes: number[] }> {
  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % rows.length;
    const t = process.cpuUsage();
    rows[k] = await step(rows[k], live);
    times.push(cpuMs(t));
    sizes.push(Buffer.byteLength(rows[k].text));
  }
  return { times, sizes };
}

// Warm up the JIT and the definition cache, then measure.
const live = new LiveEngines(instances);
const rows: Row[] = [];
for (let i = 0; i < instances; i++) {
  const { row, host } = await start(`i${i}`);
  live.put({ instanceId: row.id, rowVersion: row.rowVersion, versionId: 'bench', host });
  rows.push(row);
}
await measure(rows, 300, live);
await measure(rows.map((r) => ({ ...r })), 300);

const startTimes: number[] = [];
for (let i = 0; i < 500; i++) {
  const t = process.cpuUsage();
  await start('s');
  startTimes.push(cpuMs(t));
}
const hit = await measure(rows, steps, live);
const miss = await measure(rows, steps);
if (live.stats().size !== instances) throw new Error('the live engines were not all kept');

console.log(`engine bench: test/runtime/fixtures/bench-cycle.bpmn, ${steps} steps of each kind over ${instances} instances`);
console.log(`  start: median ${median(startTimes).toFixed(3)} ms CPU`);
console.log(`  step:  median ${median(hit.times).toFixed(3)} ms CPU (live engine proven current by the row version)`);
console.log(`  step (recover): median ${median(miss.times).toFixed(3)} ms CPU (new engine recovered from the stored JSON)`);
console.log(`  state: median ${median([...hit.sizes, ...miss.sizes])} bytes of JSON (max ${Math.max(...hit.sizes, ...miss.sizes)})`);
