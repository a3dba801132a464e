import type { Account, Unit } from '../db/database.js';
import type { UnitCertificateView } from '../documents/index.js';
import type { AccountView, CertificateView, UnitView } from './schemas.js';

export const presentUnit = (u: Unit): UnitView => ({
  id: u.id,
  parentId: u.parent_id,
  agencyCode: u.agency_code,
  name: u.name,
  level: u.level,
  active: u.active,
  version: u.version,
});

export const presentAccount = (a: Account): AccountView => ({
  id: a.id,
  username: a.username,
  fullName: a.full_name,
  unitId: a.unit_id!,
  roles: a.roles,
  email: a.email,
  phone: a.phone,
  active: a.active,
  version: a.version,
});

export const presentCertificate = (c: UnitCertificateView): CertificateView => ({
  ...c,
  notBefore: c.notBefore.toISOString(),
  notAfter: c.notAfter.toISOString(),
  installedAt: c.installedAt.toISOString(),
});
