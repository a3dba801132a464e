/**
 * Engine benchmark: median CPU time per start and per step exactly as the runtime's commands
 * do them, without the database round trip:
 *   start: new engine from the cached definition, run to the first wait, describe the new
 *          user tasks, list timers, build the lean state, JSON text;
 *   step:  JSON text of the stored state -> new engine, recover, resume, signal the waiting
 *          task (decision and data into the variables first), run to the next wait, describe
 *          the new user tasks, list timers, lean state, JSON text.
 * The state is handed from one step to the next only as JSON text, as through the database.
 *
 *   npx tsx bench/engine.ts [steps]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDefinition } from '../runtime/engine/definitions.js';
import { runtimeElements } from '../runtime/engine/elements.js';
import { safeEngineOptions } from '../runtime/expressions/index.js';
import { EngineHost, type HostConfig } from '../runtime/engine/host.js';
import type { LeanState } from '../runtime/engine/state.js';
import { describeUserTask, isUserTaskWait } from '../runtime/engine/user-tasks.js';
import { assignToScopes, completionValues } from '../runtime/engine/variables.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const xml = fs.readFileSync(path.join(here, '../test/runtime/fixtures/bench-cycle.bpmn'), 'utf8');
const steps = Number(process.argv[2] ?? 3000);

// As ProcessRuntime does: parsed once with the runtime's elements, the safe expressions in every engine.
const definition = await parseDefinition(xml, { elements: runtimeElements });
const config: HostConfig = { sourceContext: definition.sourceContext, engineOptions: safeEngineOptions(), maxActivitiesPerRun: 500 };
const decisions: Record<string, string> = { receive: 'accept', process: 'forward', approve: 'approve' };

function observe(host: EngineHost, known: Set<string>) {
  const created = [];
  for (const api of host.waits()) {
    if (isUserTaskWait(api) && !known.has(api.executionId)) created.push(describeUserTask(api, definition.sourceContext));
  }
  host.timers.list();
  return created;
}

async function start(): Promise<{ text: string; open: string }> {
  const host = await EngineHost.start(config, { applicant: 'Nguyễn Văn A', fee: 50000 });
  const [task] = observe(host, new Set());
  const text = JSON.stringify(host.state());
  JSON.stringify(host.variables());
  return { text, open: task.executionId };
}

async function step(text: string, open: string): Promise<{ text: string; open: string }> {
  const host = await EngineHost.recover(config, JSON.parse(text) as LeanState);
  const api = host.wait(open)!;
  const values = completionValues(host.variables(), api.id, false, decisions[api.id], { note: `step ${api.id}` });
  await host.act(() => {
    assignToScopes(api.owner, values);
    api.signal({ decision: decisions[api.id] });
  });
  const [task] = observe(host, new Set([open]));
  const next = JSON.stringify(host.state());
  JSON.stringify(host.variables());
  return { text: next, open: task.executionId };
}

function cpuMs(before: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

// Warm up the JIT and the definition cache, then measure.
let current = await start();
for (let i = 0; i < 300; i++) current = await step(current.text, current.open);

const startTimes: number[] = [];
for (let i = 0; i < 500; i++) {
  const t = process.cpuUsage();
  await start();
  startTimes.push(cpuMs(t));
}
const stepTimes: number[] = [];
const sizes: number[] = [];
for (let i = 0; i < steps; i++) {
  const t = process.cpuUsage();
  current = await step(current.text, current.open);
  stepTimes.push(cpuMs(t));
  sizes.push(Buffer.byteLength(current.text));
}

console.log(`engine bench: test/runtime/fixtures/bench-cycle.bpmn, ${steps} steps`);
console.log(`  start: median ${median(startTimes).toFixed(3)} ms CPU`);
console.log(`  step:  median ${median(stepTimes).toFixed(3)} ms CPU`);
console.log(`  state: median ${median(sizes)} bytes of JSON (max ${Math.max(...sizes)})`);
