/** The studio's API calls, typed from the shared service contract. */
import { L } from '../../ui/i18n.js';
import type { ApiClient } from '../../ui/api.js';
import type { DossierComponent, ServiceMetadata, ServicePackage } from '../../schemas/service.js';

export type { DossierComponent, ServiceMetadata, ServicePackage };
export type FormioForm = { components: Array<Record<string, unknown>>; [key: string]: unknown };

export interface VersionSummary { id: string; version: number; publishedAt: string; publishedBy: string; retiredAt: string | null }

export interface ServiceView {
  id: string;
  unitId: string;
  status: 'draft' | 'published' | 'retired';
  metadata: ServiceMetadata;
  components: DossierComponent[];
  form: FormioForm | null;
  stepForms: Record<string, FormioForm>;
  bpmnXml: string | null;
  notes: Array<{ where: string; text: string }>;
  rowVersion: number;
  currentVersion: VersionSummary | null;
  latestVersion: number;
  hasUnpublishedChanges: boolean;
  versions: VersionSummary[];
  createdAt: string;
  updatedAt: string;
}

export interface ServiceListItem {
  id: string;
  unitId: string;
  name: string;
  procedureCode: string | null;
  field: string;
  onlineLevel: string;
  status: 'draft' | 'published' | 'retired';
  currentVersion: number | null;
  latestVersion: number;
  notes: number;
  updatedAt: string;
}

/** `message` is English, `messageVi` Vietnamese (server/procedures/check-messages.ts). */
export interface Check { check: string; ok: boolean; severity: 'error' | 'warning'; message: string; messageVi?: string; where: string | null }

/** A check's text in the interface language: Vietnamese first, English on the switch. */
export const checkMessage = (c: Pick<Check, 'message' | 'messageVi'>): string => L(c.messageVi || c.message, c.message);
export interface Unit { id: string; parentId: string | null; agencyCode: string; name: string; level: string; active: boolean }
export interface Group { id: string; unitId: string; name: string; title: string; members: Array<{ id: string; username: string; fullName: string; active: boolean }> }

export type TestRunDecision = string | { decision: string; data?: Record<string, unknown>; task?: string };
export interface TestRunResult {
  ok: boolean;
  path: Array<{ elementId: string; name?: string | null; type: string }>;
  tasks: Array<{ elementId: string; name?: string | null; groups: string[]; dueAt?: string | null; decision?: string | null }>;
  statuses: Array<{ status: number; elementId: string }>;
  connectorCalls?: Array<{ connector: string; elementId: string; input: unknown }>;
  formErrors?: Array<{ path: string; message: string }>;
  waitingFor?: string[];
  endedAt?: string | null;
  error?: string | { code?: string; message: string } | null;
}

/** One property that differs between two versions: its old and new value. */
export interface PropertyChange { property: string; from: unknown; to: unknown }
export interface FormDiff {
  added: string[];
  removed: string[];
  changed: boolean;
  fields: Array<{ path: string; label: string | null; change: 'added' | 'removed' | 'changed'; changes: PropertyChange[] }>;
}
export interface VersionDiff {
  metadata: Array<{ field: string; from: unknown; to: unknown }>;
  components: { added: string[]; removed: string[]; changed: string[]; details: Array<{ id: string; name: string; change: 'added' | 'removed' | 'changed'; changes: PropertyChange[] }> };
  form: FormDiff;
  stepForms: { added: string[]; removed: string[]; changed: string[]; details: Array<{ key: string; change: 'added' | 'removed' | 'changed'; form: FormDiff }> };
  process: {
    changed: boolean;
    added: string[];
    removed: string[];
    modified: string[];
    elements: Array<{ id: string; type: string; name: string; change: 'added' | 'removed' | 'changed'; changes: PropertyChange[] }>;
    conditions: Array<{ id: string; from: string | null; to: string | null }>;
    unreadable?: boolean;
  };
}

const base = (id: string) => `/api/studio/services/${encodeURIComponent(id)}`;

export function servicesStore(api: ApiClient) {
  return {
    list: (q: { q?: string; status?: string }) => {
      const params = new URLSearchParams();
      if (q.q) params.set('q', q.q);
      if (q.status) params.set('status', q.status);
      const qs = params.toString();
      return api.get<ServiceListItem[]>(`/api/studio/services${qs ? `?${qs}` : ''}`);
    },
    get: (id: string) => api.get<ServiceView>(base(id)),
    create: (metadata: Partial<ServiceMetadata> & { name: string }, useTemplate: boolean) => api.post<ServiceView>('/api/studio/services', { metadata, useTemplate }),
    importProcedures: (body: { about?: string; procedures: unknown[] }) => api.post<ServiceListItem[]>('/api/studio/imports/procedures', body),
    importPackage: (pkg: unknown, groupMap?: Record<string, string>) => api.post<ServiceView>('/api/studio/services/import', { package: pkg, ...(groupMap && Object.keys(groupMap).length ? { groupMap } : {}) }),
    exportPackage: (id: string) => api.get<ServicePackage>(`${base(id)}/export`),
    saveMetadata: (id: string, metadata: ServiceMetadata, rowVersion: number) => api.put<ServiceView>(base(id), { metadata, rowVersion }),
    saveComponents: (id: string, components: DossierComponent[], rowVersion: number) => api.put<ServiceView>(`${base(id)}/components`, { components, rowVersion }),
    uploadTemplate: (id: string, componentId: string, file: File, onProgress: (f: number) => void) => api.upload<ServiceView>(`${base(id)}/components/${encodeURIComponent(componentId)}/template`, file, onProgress),
    saveForm: (id: string, form: FormioForm, rowVersion: number) => api.put<ServiceView>(`${base(id)}/form`, { form, rowVersion }),
    saveStepForm: (id: string, key: string, form: FormioForm, rowVersion: number) => api.put<ServiceView>(`${base(id)}/step-forms/${encodeURIComponent(key)}`, { form, rowVersion }),
    deleteStepForm: (id: string, key: string) => api.delete<ServiceView>(`${base(id)}/step-forms/${encodeURIComponent(key)}`),
    saveProcess: (id: string, bpmnXml: string, rowVersion: number) => api.put<ServiceView>(`${base(id)}/process`, { bpmnXml, rowVersion }),
    processTemplate: (id: string, rowVersion: number) => api.post<ServiceView>(`${base(id)}/process/template`, { rowVersion }),
    checks: (id: string) => api.get<{ ok: boolean; checks: Check[] }>(`${base(id)}/checks`),
    testRun: (id: string, body: { data: Record<string, unknown>; decisions: TestRunDecision[]; messages?: Array<{ name: string; data?: Record<string, unknown> }> }) => api.post<TestRunResult>(`${base(id)}/test-runs`, body),
    publish: (id: string, rowVersion: number) => api.post<{ id: string; version: number; warnings: Check[] }>(`${base(id)}/publish`, { rowVersion }),
    versions: (id: string) => api.get<VersionSummary[]>(`${base(id)}/versions`),
    retire: (id: string, version: number) => api.post<{ currentVersionId: string | null }>(`${base(id)}/versions/${version}/retire`, {}),
    compare: (id: string, from: number, to: number) => api.get<{ from: number; to: number; changes: VersionDiff }>(`${base(id)}/versions/compare?from=${from}&to=${to}`),
    units: () => api.get<Unit[]>('/api/units'),
    groups: () => api.get<Group[]>('/api/groups'),
  };
}

export type ServicesStore = ReturnType<typeof servicesStore>;
