import type { Dossier } from '../db/database.js';
import type { dossierDetails } from './queries.js';
import { STATUS_NAMES } from './statuses.js';

type Details = Awaited<ReturnType<typeof dossierDetails>>;

export const statusView = (status: number) => ({ code: status, name: STATUS_NAMES[status]?.vi ?? String(status), nameEn: STATUS_NAMES[status]?.en ?? String(status) });

export function presentDossier(d: Dossier, x: Details) {
  const componentName = (id: string | null) => x.version.components.find((c) => c.id === id)?.name ?? null;
  return {
    id: d.id,
    code: d.code,
    status: statusView(d.status),
    service: { id: x.version.service_id, name: x.version.name, procedureCode: x.version.procedure_code, version: x.version.version },
    receivingUnit: { id: x.unit.id, name: x.unit.name, agencyCode: x.unit.agency_code },
    channel: d.channel,
    applicant: d.applicant,
    onBehalf: d.on_behalf,
    data: d.data,
    form: x.version.form,
    fees: d.fees,
    files: x.files.map((f) => ({
      id: f.id,
      componentId: f.component_id,
      componentName: componentName(f.component_id),
      kind: f.kind,
      name: f.name,
      mime: f.mime,
      size: Number(f.size),
      sha256: f.sha256,
      current: f.superseded_at === null,
      addedAt: f.created_at.toISOString(),
    })),
    history: x.history.map((h) => ({ at: h.at.toISOString(), action: h.action, status: h.status ? statusView(h.status) : null, note: h.note, actorKind: h.actor_kind })),
    currentSteps: x.openTasks.map((t) => ({ name: t.element_name ?? t.element_id, dueAt: t.due_at?.toISOString() ?? null })),
    receivedAt: d.received_at.toISOString(),
    dueAt: d.due_at.toISOString(),
    originalDueAt: d.original_due_at?.toISOString() ?? null,
    finishedAt: d.finished_at?.toISOString() ?? null,
    onTime: d.on_time,
    resultChannel: d.result_channel,
    outcome: d.outcome,
    // A dossier refused at approval has its written refusal as its result.
    resultAvailable: d.result_file_id !== null || (d.outcome === 'refused' && d.status !== 3),
    resultReturnedAt: d.result_returned_at?.toISOString() ?? null,
    rating: d.rating ? (['very-satisfied', 'satisfied', 'not-satisfied'][d.rating - 1] as string) : null,
  };
}
