/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to PGlite in DATA_DIR. */
import { loadConfig } from '../config.js';
import { connect } from './connect.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await handle.close();
}
