/**
 * `npm run tenant:create -- <agency code> "<name>" <admin username>`: creates a province and
 * its first admin on a real installation (production never seeds demo accounts). Prints the
 * admin's generated password once.
 */
import crypto from 'node:crypto';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { systemContext } from '../context.js';
import { writeAudit } from '../audit/index.js';
import { hashPassword } from '../auth/passwords.js';
import { createTenant } from './commands/units.js';

const [agencyCode, name, username] = process.argv.slice(2);
if (!agencyCode || !name || !username) {
  console.error('usage: npm run tenant:create -- <agency code> "<province name>" <admin username>');
  process.exit(2);
}
if (!/^(?=.{1,35}$)[0-9A-Z]+(\.[0-9A-Z]+)*$/.test(agencyCode)) {
  console.error(`"${agencyCode}" is not a national agency code (0-9, A-Z and dots, at most 35 characters)`);
  process.exit(2);
}
const config = loadConfig();
const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateToLatest(handle.db);
  const ctx = systemContext('cli');
  const { tenant, unit } = await createTenant(handle.db, ctx, { agencyCode, name });
  const password = crypto.randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  await handle.db.transaction().execute(async (trx) => {
    const admin = await trx
      .insertInto('accounts')
      .values({ kind: 'staff', tenant_id: tenant.id, unit_id: unit.id, username: username.toLowerCase(), password_hash: passwordHash, full_name: 'Quản trị hệ thống', roles: ['admin'], email: null, phone: null, address: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'account.create', entityType: 'account', entityId: admin.id, tenantId: tenant.id, details: { username, roles: ['admin'] } });
  });
  console.log(`Province ${agencyCode} created. admin  ${username.toLowerCase()}  ${password}`);
} finally {
  await handle.close();
}
