/**
 * Installing a unit's signing certificate from the PKCS#12 file its certificate authority
 * issued. The file is opened and checked before anything is written; only the sealed key and
 * the certificates are kept, never the file or its passphrase.
 */
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { openP12ForInstall, storeUnitCertificate, unitCertificateView, type Keyring } from '../../documents/index.js';
import { errors } from '../../errors.js';
import { assertAdmin } from '../policies.js';
import { getUnit } from '../queries.js';

export async function installUnitCertificate(db: Db, keyring: Keyring, ctx: RequestContext, unitId: string, input: { p12: Buffer; passphrase: string }, now = new Date()) {
  const actor = ctx.actor;
  assertAdmin(actor);
  await getUnit(db, actor.tenantId, unitId);
  const { key, info } = openP12ForInstall(input.p12, input.passphrase, now);
  await db.transaction().execute(async (trx) => {
    await storeUnitCertificate(trx, keyring, { unitId, tenantId: actor.tenantId, key, installedBy: actor.id, replace: true });
    await writeAudit(trx, ctx, {
      action: 'unit.certificate_install',
      entityType: 'unit',
      entityId: unitId,
      details: { subject: info.subject, issuer: info.issuer, serialNumber: info.serialNumber, notAfter: info.notAfter.toISOString(), fingerprint256: info.fingerprint256 },
    });
  });
  return (await unitCertificateView(db, actor.tenantId, unitId))!;
}

export async function getUnitCertificate(db: Db, ctx: RequestContext, unitId: string) {
  const actor = ctx.actor;
  assertAdmin(actor);
  await getUnit(db, actor.tenantId, unitId);
  const view = await unitCertificateView(db, actor.tenantId, unitId);
  if (!view) throw errors.notFound('certificate');
  return view;
}
