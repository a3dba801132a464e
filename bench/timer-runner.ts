/**
 * One job runner, as a server process runs it: the runtime's runDueJobs with a moved
 * clock, in `loops` concurrent loops, until no due job is left. Prints one line of JSON.
 *
 *   node --import tsx bench/timer-runner.ts <databaseUrl> <now ISO> <loops>
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../server/db/connect.js';
import { ProcessRuntime } from '../runtime/index.js';

const [databaseUrl, nowIso, loopsArg] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const xml = fs.readFileSync(path.join(here, '../test/runtime/fixtures/intermediate-timer.bpmn'), 'utf8');
const handle = await connect({ databaseUrl, poolSize: 4 });
const runtime = new ProcessRuntime({ loadDiagram: async () => xml });
const now = new Date(nowIso);
const workerId = `bench-${process.pid}`;
let fired = 0;
let failed = 0;
let first = 0;
let last = 0;
await Promise.all(
  Array.from({ length: Number(loopsArg ?? 2) }, async () => {
    for (;;) {
      const outcomes = await runtime.runDueJobs(handle.db, { now, workerId, limit: 20 });
      if (!outcomes.length) break;
      first ||= Date.now();
      last = Date.now();
      for (const o of outcomes) (o.outcome === 'done' ? fired++ : failed++);
    }
  }),
);
await handle.close();
process.stdout.write(`${JSON.stringify({ fired, failed, first, last })}\n`);
