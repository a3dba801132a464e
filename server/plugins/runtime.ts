/**
 * The workflow runtime of this server process: one ProcessRuntime (its parsed-definition
 * cache is per process), the connectors of the domains, and — in the server proper, not in
 * tests — a loop that runs due jobs (timers, connector calls). Several server processes may
 * run the loop: jobs are claimed with SKIP LOCKED.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ConnectorRegistry, dueOnCalendar, ProcessRuntime, type JobOutcome } from '../../runtime/index.js';
import { createHttpConnector } from '../../runtime/engine/http-connector.js';
import { loadVersionDiagram } from '../procedures/index.js';
import { applyStep, dossierTaskGroups } from '../dossiers/process.js';
import { registerDossierConnectors } from '../dossiers/connectors.js';
import { tenantCalendar } from '../calendar/index.js';
import { escalateOverdue } from '../tasks/commands/desk.js';

declare module 'fastify' {
  interface FastifyInstance {
    runtime: ProcessRuntime;
    connectors: ConnectorRegistry;
    /** Runs the jobs due now (or at `now`); the loop calls it, tests call it directly. */
    runJobs(now?: Date): Promise<JobOutcome[]>;
    /** One turn of the job loop, as the server's timer runs it: due jobs, then escalation. */
    runJobLoopTurn(): Promise<{ jobs: number; escalated: number }>;
  }
}

export interface RuntimePluginOptions {
  /** Run the job loop in this process. */
  jobLoop: boolean;
  /** false: new instances run on bpmn-engine even where the compact interpreter could run them. */
  compact?: boolean;
  jobIntervalMs?: number;
  /** Base URLs the `http` connector may call (the data-sharing platform). */
  httpAllowList: string[];
  clock?: () => Date;
}

export const runtimePlugin = fp<RuntimePluginOptions>(
  async (app: FastifyInstance, opts) => {
    const connectors = new ConnectorRegistry();
    registerDossierConnectors(connectors, app.db, opts.clock);
    connectors.register('http', createHttpConnector({ allowedBaseUrls: opts.httpAllowList }));
    const runtime = new ProcessRuntime({
      loadDiagram: loadVersionDiagram,
      connectors,
      clock: opts.clock,
      compact: opts.compact ?? true,
      // Task due dates on the same cached calendar as the dossier's due date; the runtime's
      // default reads the tenant and all its decided days again for every task it creates.
      deadlines: { dueAt: async (trx, request) => dueOnCalendar(await tenantCalendar(trx as never, request.tenantId), request) },
      onStep: (trx, result) => applyStep(trx as never, result, (opts.clock ?? (() => new Date()))()),
      // A bare group (`tiep-nhan`) is the receiving unit's: qualified as the task row is written.
      candidateGroups: dossierTaskGroups,
    });
    app.decorate('runtime', runtime);
    app.decorate('connectors', connectors);
    const workerId = `${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
    app.decorate('runJobs', (now?: Date) => runtime.runDueJobs(app.db, { now: now ?? (opts.clock ?? (() => new Date()))(), workerId, limit: 50 }));

    app.decorate('runJobLoopTurn', async () => {
      let jobs = 0;
      // Keep going while a batch came back full: a backlog drains without waiting.
      for (let n = 50; n === 50; jobs += n) n = (await app.runJobs()).length;
      // Escalation is a sweep, not a timer job per task: the state it needs is on the task
      // row (due_at, escalated_at, under a partial index of open unescalated tasks), so it
      // survives restarts as a timer would, and several processes share it through SKIP
      // LOCKED. A timer per task would have to be created with every task and cancelled with
      // every completion, cancellation and send-back, in the runtime's transactions, for the
      // same single notification.
      const escalated = await escalateOverdue(app.db, (opts.clock ?? (() => new Date()))());
      return { jobs, escalated };
    });

    if (opts.jobLoop) {
      let running = false;
      const timer = setInterval(async () => {
        if (running) return;
        running = true;
        try {
          await app.runJobLoopTurn();
        } catch (err) {
          app.log.error({ err }, 'job loop failed');
        } finally {
          running = false;
        }
      }, opts.jobIntervalMs ?? 1000);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
  },
  { name: 'runtime', dependencies: ['db'] },
);
