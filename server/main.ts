/** Entry point: read config, build, seed the demo on an empty database, listen. */
import { loadConfig } from './config.js';
import { buildApp } from './app.js';
import { seedDemo } from './seed/demo.js';

const config = loadConfig();
const app = await buildApp({ config });

if (config.seedDemo) {
  const demo = await seedDemo(app.db, { services: true });
  if (demo.created) app.log.info('demo data seeded');
  if (demo.logins.length) {
    console.log('\nDemo logins (role  username  password):');
    for (const l of demo.logins) console.log(`${l.role}  ${l.username}  ${l.password}`);
    console.log('');
  }
}

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

const address = await app.listen({ host: config.host, port: config.port });
console.log(`E-service builder listening on ${address} (database: ${app.dbKind}) — API docs: ${address}/docs`);
