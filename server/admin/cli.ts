/**
 * `npm run tenant:create -- <agency code> "<name>" <admin username>`: creates a province and
 * its first admin, in one transaction, on a real installation (production never seeds demo
 * accounts). Prints the admin's generated password once. Exit codes: 0 done, 2 bad
 * arguments (nothing opened), 1 refused by the database's state (nothing written).
 */
import crypto from 'node:crypto';
import { Value } from 'typebox/value';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { systemContext } from '../context.js';
import { hashPassword } from '../auth/passwords.js';
import { isAppError } from '../errors.js';
import { AgencyCode } from '../http/schemas.js';
import { StaffUsername } from './schemas.js';
import { createTenantWithAdmin } from './commands/units.js';

const [agencyCode, rawName, rawUsername] = process.argv.slice(2);
if (!agencyCode || !rawName || !rawUsername) {
  console.error('usage: npm run tenant:create -- <agency code> "<province name>" <admin username>');
  process.exit(2);
}
const name = rawName.trim();
const username = rawUsername.trim().toLowerCase();
// The same rules as the admin API's schemas.
const problems = [
  !Value.Check(AgencyCode, agencyCode) && `agency code "${agencyCode}" is not a national agency code (0-9, A-Z and dots, at most 35 characters, e.g. 000.00.00.H29)`,
  (name.length < 2 || name.length > 300) && `name "${rawName}" must have 2 to 300 characters`,
  !Value.Check(StaffUsername, username) && `username "${rawUsername}" must be 3 to 64 of a-z, 0-9, ".", "_", "-", starting with a letter or digit, and not 12 digits (citizens' logins)`,
].filter(Boolean);
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(2);
}

const config = loadConfig();
const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateToLatest(handle.db);
  const password = crypto.randomBytes(12).toString('base64url');
  await createTenantWithAdmin(handle.db, systemContext('cli'), { agencyCode, name, username, passwordHash: await hashPassword(password) });
  console.log(`Province ${agencyCode} created. admin  ${username}  ${password}`);
} catch (err) {
  if (!isAppError(err)) throw err;
  console.error(`${err.code}: ${err.message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
