/**
 * Who may see a dossier: its applicant and whoever filed it; officials of the unit that
 * received it or of a unit that holds or held one of its tasks (liên thông). Anyone else —
 * another citizen, another province — does not find it (404).
 */
import type { Db, Trx } from '../db/connect.js';
import type { Actor } from '../context.js';
import type { Dossier } from '../db/database.js';
import { errors } from '../errors.js';

export async function officialUnitsOf(db: Db | Trx, dossier: Pick<Dossier, 'id' | 'tenant_id' | 'receiving_unit_id'>): Promise<Set<string>> {
  const units = new Set([dossier.receiving_unit_id]);
  const tasks = await db.selectFrom('tasks').select('candidate_groups').where('tenant_id', '=', dossier.tenant_id).where('business_key', '=', dossier.id).execute();
  const codes = new Set(tasks.flatMap((t) => t.candidate_groups.map((g) => g.split('/')[0])).filter((c) => /^[0-9A-Z.]+$/.test(c)));
  if (codes.size) {
    const rows = await db.selectFrom('units').select('id').where('tenant_id', '=', dossier.tenant_id).where('agency_code', 'in', [...codes]).execute();
    rows.forEach((r) => units.add(r.id));
  }
  return units;
}

export async function canSee(db: Db | Trx, actor: Actor, dossier: Dossier): Promise<boolean> {
  if (actor.kind === 'citizen') return dossier.applicant_account_id === actor.id || dossier.filed_by === actor.id;
  if (actor.kind === 'staff') {
    if (actor.tenantId !== dossier.tenant_id) return false;
    if (actor.roles.includes('admin')) return true;
    return (await officialUnitsOf(db, dossier)).has(actor.unitId);
  }
  return false;
}

export async function getVisibleDossier(db: Db | Trx, actor: Actor, id: string, lock = false): Promise<Dossier> {
  let q = db.selectFrom('dossiers').selectAll().where('id', '=', id);
  if (actor.kind === 'staff') q = q.where('tenant_id', '=', actor.tenantId);
  if (lock) q = q.forUpdate();
  const dossier = await q.executeTakeFirst();
  if (!dossier || !(await canSee(db, actor, dossier))) throw errors.notFound('dossier');
  return dossier;
}

export function assertApplicant(actor: Actor, dossier: Dossier): void {
  if (actor.kind !== 'citizen' || (dossier.applicant_account_id !== actor.id && dossier.filed_by !== actor.id)) {
    throw errors.forbidden('dossier.applicant_only', 'Only the applicant may do this');
  }
}

/** An official of the unit that received the dossier (the counter that holds its paper file). */
export function assertReceivingOfficial(actor: Actor, dossier: Dossier): void {
  if (actor.kind !== 'staff' || !actor.roles.includes('official') || actor.unitId !== dossier.receiving_unit_id) {
    throw errors.forbidden('dossier.receiving_official_only', 'Only an official of the receiving unit may do this');
  }
}
