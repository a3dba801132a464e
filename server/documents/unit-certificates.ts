/**
 * Each unit's signing certificate, as stored: the certificate and its chain in the clear, the
 * private key sealed by the keyring (signing/keystore.ts). One row per unit; installing a
 * certificate replaces the unit's previous one.
 */
import type { Db, Trx } from '../db/connect.js';
import { errors } from '../errors.js';
import { describeCertificate, type CertificateInfo, type Keyring, type SigningKey } from './signing/keystore.js';

/** What an admin sees of a unit's installed certificate: never the key. */
export interface UnitCertificateView extends Omit<CertificateInfo, 'fingerprint256'> {
  unitId: string;
  installedAt: Date;
}

export interface StoreCertificateInput {
  unitId: string;
  tenantId: string;
  key: SigningKey;
  installedBy: string | null;
  /** Replace the unit's certificate (an install), or keep one already there (the demo's). */
  replace: boolean;
}

export async function storeUnitCertificate(trx: Db | Trx, keyring: Keyring, input: StoreCertificateInput): Promise<CertificateInfo> {
  const info = describeCertificate(input.key.certificate);
  const row = {
    unit_id: input.unitId,
    tenant_id: input.tenantId,
    sealed_key: keyring.seal(input.key.privateKey, input.unitId),
    certificate: input.key.certificate.toString('base64'),
    chain: JSON.stringify(input.key.chain.map((der) => der.toString('base64'))),
    subject: info.commonName,
    issuer: info.issuer,
    serial_number: info.serialNumber,
    not_before: info.notBefore,
    not_after: info.notAfter,
    self_signed: info.selfSigned,
    installed_by: input.installedBy,
    created_at: new Date(),
  };
  const { unit_id: _u, tenant_id: _t, ...replaced } = row;
  await trx
    .insertInto('unit_certificates')
    .values(row)
    .onConflict((oc) => (input.replace ? oc.column('unit_id').doUpdateSet(replaced) : oc.column('unit_id').doNothing()))
    .execute();
  return info;
}

/**
 * The unit's key and certificate, ready to sign at `now`; undefined when the unit has none.
 * A certificate out of force, or a key the server's secret no longer opens, is refused (422):
 * a signature made with either could not be trusted, and an admin must install the unit's
 * certificate again.
 */
export async function loadUnitSigningKey(db: Db | Trx, keyring: Keyring, unitId: string, now = new Date()): Promise<{ key: SigningKey; subject: string } | undefined> {
  const row = await db.selectFrom('unit_certificates').select(['sealed_key', 'certificate', 'chain', 'subject', 'not_before', 'not_after']).where('unit_id', '=', unitId).executeTakeFirst();
  if (!row) return undefined;
  if (now < row.not_before || now > row.not_after) {
    throw errors.unprocessable('signing.certificate_expired', `The unit's signing certificate is valid from ${row.not_before.toISOString()} to ${row.not_after.toISOString()}: an admin must install a current one`);
  }
  let privateKey: SigningKey['privateKey'];
  try {
    privateKey = keyring.unseal(row.sealed_key, unitId);
  } catch {
    throw errors.unprocessable('signing.key_unavailable', "The unit's signing key cannot be opened with the server's certificate secret: an admin must install the certificate again");
  }
  return { key: { privateKey, certificate: Buffer.from(row.certificate, 'base64'), chain: row.chain.map((b64) => Buffer.from(b64, 'base64')) }, subject: row.subject };
}

/** What an admin is shown of a unit's certificate: never the key. */
export async function unitCertificateView(db: Db | Trx, tenantId: string, unitId: string): Promise<UnitCertificateView | undefined> {
  const row = await db
    .selectFrom('unit_certificates')
    .select(['unit_id', 'certificate', 'self_signed', 'created_at'])
    .where('unit_id', '=', unitId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return undefined;
  const info = describeCertificate(Buffer.from(row.certificate, 'base64'));
  return {
    unitId: row.unit_id,
    commonName: info.commonName,
    subject: info.subject,
    issuer: info.issuer,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    selfSigned: row.self_signed,
    installedAt: row.created_at,
  };
}
