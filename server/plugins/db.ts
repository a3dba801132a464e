/** Opens the database once per app, migrates it, and closes it with the app. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { connect, type Db, type DbHandle, type DbKind } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    dbKind: DbKind;
  }
}

export interface DbPluginOptions {
  /** An open handle (tests share one per file); otherwise one is opened from the URL or folder. */
  handle?: DbHandle;
  databaseUrl?: string;
  prepare?: boolean;
  dataDir?: string;
  migrate?: boolean;
}

export const dbPlugin = fp<DbPluginOptions>(
  async (app: FastifyInstance, opts) => {
    const handle = opts.handle ?? (await connect({ databaseUrl: opts.databaseUrl, prepare: opts.prepare, dataDir: opts.dataDir }));
    if (opts.migrate !== false) {
      const applied = await migrateToLatest(handle.db);
      if (applied.length) app.log.info({ applied }, 'migrations applied');
    }
    app.decorate('db', handle.db);
    app.decorate('dbKind', handle.kind);
    // A shared handle belongs to whoever opened it.
    if (!opts.handle) app.addHook('onClose', async () => handle.close());
  },
  { name: 'db' },
);
