import type { Service, ServiceVersion } from '../db/database.js';

export function presentVersionSummary(v: Pick<ServiceVersion, 'id' | 'version' | 'published_at' | 'published_by' | 'retired_at'>) {
  return { id: v.id, version: v.version, publishedAt: v.published_at.toISOString(), publishedBy: v.published_by, retiredAt: v.retired_at?.toISOString() ?? null };
}

export function presentService(s: Service, versions: Array<Pick<ServiceVersion, 'id' | 'version' | 'published_at' | 'published_by' | 'retired_at'>>) {
  const current = versions.find((v) => v.id === s.current_version_id) ?? null;
  const latest = versions.reduce<(typeof versions)[number] | null>((a, v) => (!a || v.version > a.version ? v : a), null);
  const status = current ? 'published' : versions.length ? 'retired' : 'draft';
  return {
    id: s.id,
    unitId: s.unit_id,
    status,
    metadata: s.metadata,
    components: s.components,
    form: s.form,
    stepForms: s.step_forms,
    bpmnXml: s.bpmn_xml,
    notes: s.notes,
    rowVersion: s.row_version,
    currentVersion: current ? presentVersionSummary(current) : null,
    latestVersion: s.latest_version,
    hasUnpublishedChanges: !latest || s.updated_at > latest.published_at,
    versions: versions.map(presentVersionSummary).sort((a, b) => b.version - a.version),
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

export function presentServiceListItem(s: Service, current: Pick<ServiceVersion, 'version'> | undefined, versionCount: number) {
  return {
    id: s.id,
    unitId: s.unit_id,
    name: s.metadata.name,
    procedureCode: s.metadata.procedureCode,
    field: s.metadata.field,
    onlineLevel: s.metadata.onlineLevel,
    status: current ? 'published' : versionCount ? 'retired' : 'draft',
    currentVersion: current?.version ?? null,
    latestVersion: s.latest_version,
    notes: s.notes.length,
    updatedAt: s.updated_at.toISOString(),
  };
}
