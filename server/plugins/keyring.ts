/**
 * The keyring that seals units' signing keys at rest. Its secret comes from the environment
 * (CERTIFICATE_SECRET, kept apart from the database in production) or, when absent, is
 * generated once and kept in the database like the token secret, so that several server
 * processes on one database open each other's keys.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/connect.js';
import { createKeyring, type Keyring } from '../documents/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    keyring: Keyring;
  }
}

async function resolveSecret(db: Db, configured?: string): Promise<string> {
  if (configured) return configured;
  await db.insertInto('settings').values({ key: 'certificate_secret', value: crypto.randomBytes(48).toString('base64url') }).onConflict((oc) => oc.doNothing()).execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', 'certificate_secret').executeTakeFirstOrThrow()).value;
}

export const keyringPlugin = fp<{ secret?: string }>(
  async (app: FastifyInstance, opts) => {
    app.decorate('keyring', createKeyring(await resolveSecret(app.db, opts.secret)));
  },
  { name: 'keyring', dependencies: ['db'] },
);
