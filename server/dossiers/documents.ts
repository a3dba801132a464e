/**
 * The slips of one dossier (01 receipt, 02 supplement request, 03 refusal, 04 apology,
 * 05 processing control) and the receipt of a fee, built from the stored rows. The slip is
 * issued at the moment its fact happened (history), so it prints the same every time.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Dossier } from '../db/database.js';
import { errors } from '../errors.js';
import {
  renderApologySlip,
  renderControlSlip,
  renderPaymentReceipt,
  renderReceiptSlip,
  renderRefusalSlip,
  renderSupplementSlip,
  renderWrittenRefusal,
  type ApplicantInfo,
  type IssuingUnit,
} from '../documents/index.js';

export type SlipKind = 'receipt' | 'supplement' | 'refusal' | 'apology' | 'control';

async function issuingUnit(db: Db, unitId: string): Promise<IssuingUnit> {
  const unit = await db.selectFrom('units').select(['name', 'parent_id']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const parent = unit.parent_id ? await db.selectFrom('units').select('name').where('id', '=', unit.parent_id).executeTakeFirst() : undefined;
  const place = unit.name.replace(/^(UBND|Ủy ban nhân dân)\s+(phường|xã|thị trấn|quận|huyện|tỉnh|thành phố|Thành phố)?\s*/i, '').replace(/\s*\(.*\)$/, '') || unit.name;
  return { name: unit.name, ...(parent && { parentName: parent.name }), place };
}

const applicantOf = (d: Dossier): ApplicantInfo => ({
  name: d.applicant.fullName,
  ...(d.applicant.citizenId && { idNumber: d.applicant.citizenId }),
  ...(d.applicant.taxCode && { idNumber: d.applicant.taxCode }),
  ...(d.applicant.address && { address: d.applicant.address }),
  ...(d.applicant.phone && { phone: d.applicant.phone }),
  ...(d.applicant.email && { email: d.applicant.email }),
});

/**
 * Who did a step and for which group, as people read them: the account's full name, the
 * group's title (with its unit when it is another unit's, in liên thông). A name the
 * province does not know (an expression, an account since removed) prints as it is.
 */
async function peopleAndGroups(db: Db, tenantId: string, usernames: string[], groups: string[]) {
  const accounts = usernames.length
    ? await db.selectFrom('accounts').select(['username', 'full_name']).where('tenant_id', '=', tenantId).where('username', 'in', usernames).execute()
    : [];
  const codes = [...new Set(groups.map((g) => g.split('/')[0]))];
  const rows = groups.length && codes.length
    ? await db.selectFrom('groups as g').innerJoin('units as u', 'u.id', 'g.unit_id').select(['g.name', 'g.title', 'u.agency_code', 'u.name as unit_name', 'u.id as unit_id']).where('g.tenant_id', '=', tenantId).where('u.agency_code', 'in', codes).execute()
    : [];
  return {
    person: (username: string) => accounts.find((a) => a.username === username)?.full_name ?? username,
    group: (qualified: string, ownUnitId: string) => {
      const g = rows.find((r) => `${r.agency_code}/${r.name}` === qualified);
      if (!g) return qualified;
      return g.unit_id === ownUnitId ? g.title : `${g.title} (${g.unit_name})`;
    },
  };
}

/** `now` is the app's clock: a slip made now (05, the control slip) is dated by it. */
export async function renderDossierSlip(db: Db, dossier: Dossier, kind: SlipKind, publicUrl: string, now: Date): Promise<Buffer> {
  const version = await db.selectFrom('service_versions').select(['name', 'components', 'metadata']).where('id', '=', dossier.version_id).executeTakeFirstOrThrow();
  const history = await db.selectFrom('dossier_history').selectAll().where('dossier_id', '=', dossier.id).orderBy('id').execute();
  const base = { unit: await issuingUnit(db, dossier.receiving_unit_id), dossierCode: dossier.code, applicant: applicantOf(dossier), serviceName: version.name };
  const files = await db.selectFrom('dossier_files').select(['component_id', 'kind']).where('dossier_id', '=', dossier.id).where('superseded_at', 'is', null).execute();
  const last = (action: string, detail?: (h: (typeof history)[number]) => boolean) => [...history].reverse().find((h) => h.action === action && (!detail || detail(h)));

  switch (kind) {
    case 'receipt':
      return renderReceiptSlip({
        ...base,
        issuedAt: dossier.received_at,
        channel: dossier.channel,
        components: version.components.filter((c) => files.some((f) => f.component_id === c.id)).map((c) => ({ name: c.name, originals: c.originals, copies: c.copies })),
        timeLimitDays: version.metadata.timeLimitDays,
        receivedAt: dossier.received_at,
        dueAt: dossier.original_due_at ?? dossier.due_at,
        resultDelivery: dossier.result_channel === 'post' && dossier.postal_address ? { method: 'post', address: dossier.postal_address } : { method: dossier.result_channel === 'online' ? 'online' : 'counter' },
        trackingUrl: `${publicUrl}/portal/track/${encodeURIComponent(dossier.code)}`,
      });
    case 'supplement': {
      const asked = last('task.completed', (h) => h.details.decision === 'request-supplement');
      if (!asked) throw errors.notFound('slip');
      const missing = (asked.details.missingComponents as string[] | undefined) ?? [];
      return renderSupplementSlip({
        ...base,
        issuedAt: asked.at,
        receivedAt: dossier.received_at,
        items: missing.map((id) => {
          const c = version.components.find((x) => x.id === id);
          return { name: c?.name ?? id, issue: files.some((f) => f.component_id === id) ? 'incorrect' : 'missing' };
        }),
        reason: String(asked.details.reason ?? asked.note ?? ''),
      });
    }
    case 'refusal': {
      // Slip 03 refuses to receive the dossier: only a dossier that ended there (status 3) has
      // one. Refused later, its result is the written refusal, not this slip.
      if (dossier.status !== 3) throw errors.notFound('slip');
      const refused = last('task.completed', (h) => h.details.decision === 'refuse');
      if (!refused) throw errors.notFound('slip');
      return renderRefusalSlip({ ...base, issuedAt: refused.at, receivedAt: dossier.received_at, reason: String(refused.details.reason ?? refused.note ?? '') });
    }
    case 'apology': {
      const apology = last('apology');
      if (!apology) throw errors.notFound('slip');
      return renderApologySlip({ ...base, issuedAt: apology.at, receivedAt: dossier.received_at, previousDueAt: String(apology.details.previousDueAt), newDueAt: String(apology.details.newDueAt), reason: apology.note ?? '' });
    }
    case 'control': {
      const tasks = await db
        .selectFrom('tasks')
        .select(['element_name', 'element_id', 'candidate_groups', 'assignee', 'completed_by', 'created_at', 'due_at', 'completed_at', 'status', 'decision'])
        .where('business_key', '=', dossier.id)
        .where('tenant_id', '=', dossier.tenant_id)
        .orderBy('created_at')
        .execute();
      const handlers = tasks.map((t) => t.completed_by ?? t.assignee).filter((u): u is string => !!u);
      const names = await peopleAndGroups(db, dossier.tenant_id, [...new Set(handlers)], [...new Set(tasks.flatMap((t) => t.candidate_groups))]);
      return renderControlSlip({
        ...base,
        issuedAt: now,
        receivedAt: dossier.received_at,
        dueAt: dossier.due_at,
        steps: tasks.map((t) => ({
          name: t.element_name ?? t.element_id,
          group: t.candidate_groups.map((g) => names.group(g, dossier.receiving_unit_id)).join(', '),
          ...(t.completed_by ?? t.assignee ? { handler: names.person((t.completed_by ?? t.assignee)!) } : {}),
          receivedAt: t.created_at,
          ...(t.due_at && { dueAt: t.due_at }),
          ...(t.completed_at && { doneAt: t.completed_at }),
          ...(t.decision && { note: t.decision }),
        })),
      });
    }
  }
}

/** A dossier refused after it was accepted: its result is a written refusal, not a permit. */
export function hasWrittenRefusal(d: Pick<Dossier, 'outcome' | 'status' | 'result_file_id'>): boolean {
  return d.outcome === 'refused' && d.status !== 3 && d.result_file_id === null;
}

/**
 * The written refusal, issued by the unit of the official who refused (at approval, the
 * leader: in liên thông a department's), dated when the refusal was decided.
 */
export async function renderWrittenRefusalOf(db: Db, dossier: Dossier): Promise<Buffer> {
  const refused = await db
    .selectFrom('dossier_history')
    .selectAll()
    .where('dossier_id', '=', dossier.id)
    .where('tenant_id', '=', dossier.tenant_id)
    .where('action', '=', 'task.completed')
    .where(sql<boolean>`details->>'decision' = 'refuse'`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!refused) throw errors.notFound('result');
  const signer = refused.actor_id ? await db.selectFrom('accounts').select(['full_name', 'unit_id']).where('id', '=', refused.actor_id).executeTakeFirst() : undefined;
  const version = await db.selectFrom('service_versions').select('name').where('id', '=', dossier.version_id).executeTakeFirstOrThrow();
  return renderWrittenRefusal({
    unit: await issuingUnit(db, signer?.unit_id ?? dossier.receiving_unit_id),
    dossierCode: dossier.code,
    applicant: applicantOf(dossier),
    serviceName: version.name,
    issuedAt: refused.at,
    receivedAt: dossier.received_at,
    reason: String(refused.details.reason ?? refused.note ?? ''),
    ...(signer && { signer: { name: signer.full_name } }),
  });
}

export async function renderFeeReceipt(db: Db, dossier: Dossier, paymentId: string): Promise<Buffer> {
  const p = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('dossier_id', '=', dossier.id).where('tenant_id', '=', dossier.tenant_id).executeTakeFirst();
  if (!p || !p.paid_at) throw errors.notFound('receipt');
  const version = await db.selectFrom('service_versions').select('name').where('id', '=', dossier.version_id).executeTakeFirstOrThrow();
  const lines = (p.fee_lines ?? []) as Array<{ name: string; totalVnd: number }>;
  return renderPaymentReceipt({
    unit: await issuingUnit(db, dossier.receiving_unit_id),
    receiptNumber: p.id.slice(0, 8).toUpperCase(),
    payer: applicantOf(dossier),
    dossierCode: dossier.code,
    serviceName: version.name,
    lines: lines.length ? lines.map((l) => ({ description: l.name, amount: l.totalVnd })) : [{ description: p.description, amount: Number(p.amount_vnd) }],
    provider: p.provider === 'sandbox' ? 'Nền tảng thanh toán trực tuyến (thử nghiệm)' : p.provider,
    transactionId: p.provider_ref ?? p.id,
    paidAt: p.paid_at,
    issuedAt: p.paid_at,
  });
}
