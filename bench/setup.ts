/**
 * The bench's province, built through the server's own API on top of the demo seed: more
 * communes (each with the three standard groups and one person in each), the commune-level
 * fixture procedures published with the standard process, and many verified citizens.
 * Everything a submission later reads is real product data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hashPassword } from '../server/auth/passwords.js';
import { componentsFor, metadataFor, SAMPLE_FORM } from '../test/helpers/studio.js';
import { client, expectStatus, login } from './server.js';

export const PASSWORD = 'Demo@2026';
const here = path.dirname(fileURLToPath(import.meta.url));
const procedures = (JSON.parse(fs.readFileSync(path.join(here, 'procedures.json'), 'utf8')) as { procedures: Array<Record<string, any>> }).procedures;

export interface Commune {
  id: string;
  agencyCode: string;
  receiver: string;
}

export interface BenchProvince {
  tenantId: string;
  provinceId: string;
  communes: Commune[];
  services: Array<{ id: string; name: string; versionId: string }>;
  citizens: Array<{ id: string; username: string; fullName: string }>;
  adminToken: string;
  designerToken: string;
}

const GROUPS = [
  { name: 'tiep-nhan', title: 'Bộ phận tiếp nhận và trả kết quả', slug: 'tiepnhan', roles: ['official'] },
  { name: 'chuyen-vien', title: 'Chuyên viên xử lý', slug: 'chuyenvien', roles: ['official'] },
  { name: 'lanh-dao', title: 'Lãnh đạo phê duyệt', slug: 'lanhdao', roles: ['official', 'leader'] },
];

export async function buildProvince(base: string, databaseUrl: string, options: { extraCommunes: number; citizens: number }): Promise<BenchProvince> {
  const adminToken = await login(base, 'admin', PASSWORD);
  const admin = client(base, adminToken);
  const units = expectStatus(await admin.get<Array<{ id: string; agencyCode: string; level: string; parentId: string | null }>>('/api/units'), 200, 'units');
  const province = units.find((u) => u.level === 'province')!;

  // More communes beside the demo's two, as an admin creates them.
  for (let i = 0; i < options.extraCommunes; i++) {
    const n = String(i + 3).padStart(2, '0');
    const unit = expectStatus(await admin.post('/api/admin/units', { parentId: province.id, agencyCode: `000.31.${n}.H29`, name: `UBND xã Thử ${n}`, level: 'commune' }), 201, 'create commune');
    for (const g of GROUPS) {
      const account = expectStatus(await admin.post('/api/admin/accounts', { username: `xa${n}.${g.slug}`, password: PASSWORD, fullName: `Cán bộ ${g.slug} xã ${n}`, unitId: unit.id, roles: g.roles }), 201, 'create account');
      const group = expectStatus(await admin.post('/api/admin/groups', { unitId: unit.id, name: g.name, title: g.title }), 201, 'create group');
      expectStatus(await admin.put(`/api/admin/groups/${group.id}/members`, { accountIds: [account.id] }), 200, 'members');
    }
  }

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const communeRows = await pool.query<{ id: string; agency_code: string; tenant_id: string; receiver: string }>(`
      select u.id, u.agency_code, u.tenant_id, a.username as receiver
        from units u
        join groups g on g.unit_id = u.id and g.name = 'tiep-nhan'
        join group_members m on m.group_id = g.id
        join accounts a on a.id = m.account_id
       where u.level = 'commune' order by u.agency_code`);
    const communes = communeRows.rows.map((r) => ({ id: r.id, agencyCode: r.agency_code, receiver: r.receiver }));

    // The commune-level procedures, free of fees due at submission and with optional files, so
    // a submission needs no upload and no payment (uploads and payments are not measured here).
    const designerToken = await login(base, 'thietke', PASSWORD);
    const designer = client(base, designerToken);
    const services: BenchProvince['services'] = [];
    for (const p of procedures) {
      const metadata = { ...metadataFor(p, communes.map((c) => c.id)), fees: [] };
      const created = expectStatus(await designer.post('/api/studio/services', { metadata }), 201, 'create service');
      // Conditional ones too: their condition holds for some of the form data the load sends.
      const components = componentsFor(p).map(({ condition: _condition, ...c }: Record<string, unknown>) => (c.requirement === 'optional' ? c : { ...c, requirement: 'optional' }));
      expectStatus(await designer.put(`/api/studio/services/${created.id}/components`, { components }), 200, 'components');
      expectStatus(await designer.put(`/api/studio/services/${created.id}/form`, { form: SAMPLE_FORM }), 200, 'form');
      const published = await designer.post(`/api/studio/services/${created.id}/publish`);
      expectStatus(published, 201, `publish ${p.name}`);
      const version = await pool.query<{ id: string }>('select current_version_id as id from services where id = $1', [created.id]);
      services.push({ id: created.id, name: p.name, versionId: version.rows[0].id });
    }

    // Verified citizens, inserted as the seed inserts its citizen (one password hash for all).
    const hash = await hashPassword(PASSWORD);
    const citizens: BenchProvince['citizens'] = [];
    for (let i = 0; i < options.citizens; i++) {
      const username = `0791${String(i).padStart(8, '0')}`;
      const fullName = `Công dân Thử ${i}`;
      const row = await pool.query<{ id: string }>(
        `insert into accounts (kind, username, password_hash, full_name, phone, email, address, verified_at)
         values ('citizen', $1, $2, $3, $4, $5, $6, now()) returning id`,
        [username, hash, fullName, `09${String(i).padStart(8, '0')}`, `cd${i}@example.vn`, `Số ${i} đường Thử, Hà Nội`],
      );
      citizens.push({ id: row.rows[0].id, username, fullName });
    }
    return { tenantId: communeRows.rows[0].tenant_id, provinceId: province.id, communes, services, citizens, adminToken, designerToken };
  } finally {
    await pool.end();
  }
}

/** Logs in many accounts, a few at a time (each login costs an argon2 check on the server). */
export async function loginAll(base: string, usernames: string[], parallel = 4): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < usernames.length) {
        const name = usernames[next++];
        tokens.set(name, await login(base, name, PASSWORD));
      }
    }),
  );
  return tokens;
}

/** Form data SAMPLE_FORM accepts, for one citizen. */
export function formData(citizen: { username: string; fullName: string }, i: number) {
  return { hoTen: citizen.fullName, soCccd: citizen.username, nopThay: false, soBan: 1 + (i % 3), doiTuongUuDai: i % 7 === 0, khongThuongTru: i % 5 === 0, cungDangKy: false, coTangHam: false };
}
