/**
 * Demo data for a first start on an empty database (never in production): one province
 * with a department and two communes, each commune with the three standard groups and one
 * official in each, a designer, an admin and a verified citizen. Built with the same
 * commands the admin API uses, so the demo is shaped exactly like real data.
 *
 * The whole seed is one transaction: a first start stopped half-way leaves nothing behind,
 * and the next start (finding no tenant) seeds afresh. Inside it every step uses the
 * transaction, never `db`: PGlite is one connection, and a second transaction would wait
 * for this one forever.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../db/connect.js';
import type { Role } from '../db/database.js';
import { type RequestContext, systemContext } from '../context.js';
import { writeAudit } from '../audit/index.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { createTenantIn, createUnitIn } from '../admin/commands/units.js';
import { createStaffAccountIn } from '../admin/commands/accounts.js';
import { createGroupIn, setGroupMembersIn } from '../admin/commands/groups.js';
import { createServiceIn } from '../procedures/commands/create.js';
import { publishServiceIn } from '../procedures/commands/publish.js';

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_PROVINCE = { agencyCode: '000.00.00.H29', name: 'UBND Thành phố Hà Nội (dữ liệu mẫu)' };

export const STANDARD_GROUPS = [
  { name: 'tiep-nhan', title: 'Bộ phận tiếp nhận và trả kết quả' },
  { name: 'chuyen-vien', title: 'Chuyên viên xử lý' },
  { name: 'lanh-dao', title: 'Lãnh đạo phê duyệt' },
] as const;

const COMMUNES = [
  { agencyCode: '000.31.01.H29', name: 'UBND phường Phúc Xá', slug: 'phucxa' },
  { agencyCode: '000.31.02.H29', name: 'UBND phường Trúc Bạch', slug: 'trucbach' },
];
const DEPARTMENT = { agencyCode: '000.00.12.H29', name: 'Sở Tư pháp', slug: 'sotuphap' };
const CITIZEN = { username: '001099012345', fullName: 'Nguyễn Văn An', phone: '0912345678', email: 'nguyenvanan@example.vn', address: 'Số 1 Phúc Xá, Ba Đình, Hà Nội' };

export interface DemoLogin {
  role: string;
  username: string;
  password: string;
}

function demoLogins(): DemoLogin[] {
  const logins: DemoLogin[] = [
    { role: 'admin', username: 'admin', password: DEMO_PASSWORD },
    { role: 'designer', username: 'thietke', password: DEMO_PASSWORD },
  ];
  for (const c of COMMUNES) {
    logins.push({ role: 'official', username: `${c.slug}.tiepnhan`, password: DEMO_PASSWORD });
    logins.push({ role: 'official', username: `${c.slug}.chuyenvien`, password: DEMO_PASSWORD });
    logins.push({ role: 'leader', username: `${c.slug}.lanhdao`, password: DEMO_PASSWORD });
  }
  logins.push({ role: 'official', username: `${DEPARTMENT.slug}.tiepnhan`, password: DEMO_PASSWORD });
  logins.push({ role: 'official', username: `${DEPARTMENT.slug}.chuyenvien`, password: DEMO_PASSWORD });
  logins.push({ role: 'leader', username: `${DEPARTMENT.slug}.lanhdao`, password: DEMO_PASSWORD });
  logins.push({ role: 'citizen', username: CITIZEN.username, password: DEMO_PASSWORD });
  return logins;
}

export interface SeedOptions {
  /** Also publish two commune services (the product's start does; most tests build their own). */
  services?: boolean;
}

/** Key of the advisory lock that lets one of several first starts seed. */
const SEED_LOCK = 7_031_2026;

const hasTenant = async (db: Db) => !!(await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst());

/** Seeds on an empty database; returns the demo logins whose accounts exist. */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<{ created: boolean; logins: DemoLogin[] }> {
  let created = false;
  if (!(await hasTenant(db))) {
    // Hashed once, before the transaction: argon2 is slow on purpose; every demo account shares it.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    created = await db.transaction().execute(async (trx) => {
      // Two first starts on one PostgreSQL database: the second waits here, then finds the seed done.
      await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
      if (await hasTenant(trx)) return false;
      await seed(trx, passwordHash, options.services ?? false);
      return true;
    });
  }
  // Only logins that still work: an admin may have changed a password or disabled an account.
  const logins = demoLogins();
  const existing = await db.selectFrom('accounts').select(['username', 'password_hash', 'active']).where('username', 'in', logins.map((l) => l.username)).execute();
  // The seed gives every demo account the same hash: check each distinct hash once (argon2 is
  // slow on purpose, and this runs on every start), not each account.
  const verdicts = new Map<string, Promise<boolean>>();
  const works = (hash: string) => {
    if (!verdicts.has(hash)) verdicts.set(hash, verifyPassword(hash, DEMO_PASSWORD));
    return verdicts.get(hash)!;
  };
  const working = new Set<string>();
  for (const e of existing) if (e.active && (await works(e.password_hash))) working.add(e.username);
  return { created, logins: logins.filter((l) => working.has(l.username)) };
}

async function seed(trx: Trx, passwordHash: string, withServices: boolean) {
  const system = systemContext('demo-seed');
  const { tenant, unit: province } = await createTenantIn(trx, system, DEMO_PROVINCE);

  // The first admin cannot be created by an admin: the system creates it, then acts as it.
  const admin = await trx
    .insertInto('accounts')
    .values({ kind: 'staff', tenant_id: tenant.id, unit_id: province.id, username: 'admin', password_hash: passwordHash, full_name: 'Quản trị hệ thống', roles: ['admin'], email: 'admin@example.vn', phone: null, address: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, system, { action: 'account.create', entityType: 'account', entityId: admin.id, tenantId: tenant.id, details: { username: 'admin', roles: ['admin'] } });
  const ctx: RequestContext = { actor: { kind: 'staff', id: admin.id, tenantId: tenant.id, unitId: province.id, roles: ['admin'] } };

  const staff = (unitId: string, username: string, fullName: string, roles: Role[]) =>
    createStaffAccountIn(trx, ctx, { username, password: DEMO_PASSWORD, fullName, unitId, roles, email: `${username}@example.vn` }, passwordHash);

  const designer = await staff(province.id, 'thietke', 'Trần Thị Thiết Kế', ['designer']);

  const department = await createUnitIn(trx, ctx, { parentId: province.id, agencyCode: DEPARTMENT.agencyCode, name: DEPARTMENT.name, level: 'department' });
  // The department receives its own dossiers and processes others' (liên thông).
  const deptPeople = {
    'tiep-nhan': await staff(department.id, `${DEPARTMENT.slug}.tiepnhan`, 'Đỗ Thị Nhận', ['official']),
    'chuyen-vien': await staff(department.id, `${DEPARTMENT.slug}.chuyenvien`, 'Lê Văn Chuyên', ['official']),
    'lanh-dao': await staff(department.id, `${DEPARTMENT.slug}.lanhdao`, 'Phạm Thị Lãnh', ['official', 'leader']),
  };
  for (const g of STANDARD_GROUPS) {
    const group = await createGroupIn(trx, ctx, { unitId: department.id, ...g });
    await setGroupMembersIn(trx, ctx, group.id, [deptPeople[g.name].id]);
  }

  const communeIds: string[] = [];
  for (const c of COMMUNES) {
    const commune = await createUnitIn(trx, ctx, { parentId: province.id, agencyCode: c.agencyCode, name: c.name, level: 'commune' });
    communeIds.push(commune.id);
    const people = {
      'tiep-nhan': await staff(commune.id, `${c.slug}.tiepnhan`, `Cán bộ tiếp nhận ${c.name.replace('UBND ', '')}`, ['official']),
      'chuyen-vien': await staff(commune.id, `${c.slug}.chuyenvien`, `Chuyên viên ${c.name.replace('UBND ', '')}`, ['official']),
      'lanh-dao': await staff(commune.id, `${c.slug}.lanhdao`, `Lãnh đạo ${c.name.replace('UBND ', '')}`, ['official', 'leader']),
    };
    for (const g of STANDARD_GROUPS) {
      const group = await createGroupIn(trx, ctx, { unitId: commune.id, ...g });
      await setGroupMembersIn(trx, ctx, group.id, [people[g.name].id]);
    }
  }

  if (withServices) await publishDemoServices(trx, { actor: { kind: 'staff', id: designer.id, tenantId: tenant.id, unitId: province.id, roles: ['designer'] } }, communeIds);

  const citizen = await trx
    .insertInto('accounts')
    .values({ kind: 'citizen', tenant_id: null, unit_id: null, username: CITIZEN.username, password_hash: passwordHash, full_name: CITIZEN.fullName, phone: CITIZEN.phone, email: CITIZEN.email, address: CITIZEN.address, verified_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, system, { action: 'citizen.register', entityType: 'account', entityId: citizen.id });
}

/** The birth registration's form: who asks, and the child's particulars. */
const BIRTH_FORM = {
  display: 'form',
  components: [
    { type: 'textfield', key: 'hoTen', label: 'Họ và tên người đi đăng ký', input: true, validate: { required: true }, properties: { prefill: 'fullName' } },
    { type: 'textfield', key: 'soCccd', label: 'Số căn cước công dân', input: true, validate: { required: true, pattern: '^[0-9]{12}$' }, properties: { prefill: 'citizenId' } },
    { type: 'select', key: 'quanHe', label: 'Quan hệ với người được khai sinh', input: true, validate: { required: true }, data: { values: [{ label: 'Cha', value: 'cha' }, { label: 'Mẹ', value: 'me' }, { label: 'Ông, bà hoặc người thân khác', value: 'nguoi-than' }] } },
    { type: 'textfield', key: 'hoTenTre', label: 'Họ, chữ đệm và tên của trẻ', input: true, validate: { required: true } },
    { type: 'textfield', key: 'ngaySinhTre', label: 'Ngày, tháng, năm sinh (dd/mm/yyyy)', input: true, validate: { required: true, pattern: '^[0-3][0-9]/[01][0-9]/[0-9]{4}$' } },
    { type: 'radio', key: 'gioiTinh', label: 'Giới tính', input: true, validate: { required: true }, values: [{ label: 'Nam', value: 'nam' }, { label: 'Nữ', value: 'nu' }] },
    { type: 'textfield', key: 'noiSinh', label: 'Nơi sinh', input: true, validate: { required: true } },
    { type: 'checkbox', key: 'nopThay', label: 'Nộp thay người khác', input: true },
    { type: 'button', key: 'submit', label: 'Nộp hồ sơ', input: true },
  ],
};

/** The certified copy's form: who asks, for whom, how many copies (the fee counts them). */
const COPY_FORM = {
  display: 'form',
  components: [
    { type: 'textfield', key: 'hoTen', label: 'Họ và tên người yêu cầu', input: true, validate: { required: true }, properties: { prefill: 'fullName' } },
    { type: 'textfield', key: 'soCccd', label: 'Số căn cước công dân', input: true, validate: { required: true, pattern: '^[0-9]{12}$' }, properties: { prefill: 'citizenId' } },
    { type: 'textfield', key: 'hoTenNguoiDuocCap', label: 'Họ và tên người được cấp giấy tờ', input: true, validate: { required: true } },
    { type: 'number', key: 'soBan', label: 'Số bản sao', input: true, defaultValue: 1, validate: { min: 1, max: 20 } },
    { type: 'checkbox', key: 'nopThay', label: 'Nộp thay người khác', input: true },
    { type: 'button', key: 'submit', label: 'Nộp hồ sơ', input: true },
  ],
};

async function publishDemoServices(trx: Trx, ctx: RequestContext, communes: string[]) {
  const common = {
    field: 'Hộ tịch',
    description: 'Dịch vụ mẫu của dữ liệu thử nghiệm.',
    receivingUnitIds: communes,
    onlineLevel: 'full' as const,
    legalBasis: ['Luật Hộ tịch 2014', 'Nghị định 123/2015/NĐ-CP'],
    applicants: { kinds: ['citizen' as const], onBehalf: true },
    resultChannels: ['online' as const, 'post' as const],
  };
  const services = [
    {
      metadata: { ...common, procedureCode: '1.001193', name: 'Đăng ký khai sinh', timeLimitDays: 0, timeLimitNote: 'Trả kết quả ngay trong ngày', fees: [], result: 'Giấy khai sinh' },
      components: [
        { id: 'to-khai', name: 'Tờ khai đăng ký khai sinh theo mẫu', requirement: 'required' as const, originals: 1, copies: 0, fileTypes: ['pdf', 'jpg', 'png'], maxSizeMb: 10 },
        { id: 'giay-chung-sinh', name: 'Giấy chứng sinh', requirement: 'required' as const, originals: 1, copies: 0, fileTypes: ['pdf', 'jpg', 'png'], maxSizeMb: 10 },
        { id: 'uy-quyen', name: 'Văn bản ủy quyền (nếu nộp thay)', requirement: 'conditional' as const, condition: 'nopThay = true', originals: 1, copies: 0, fileTypes: ['pdf', 'jpg', 'png'], maxSizeMb: 10 },
      ],
      form: BIRTH_FORM,
    },
    {
      metadata: { ...common, procedureCode: null, name: 'Cấp bản sao trích lục hộ tịch', timeLimitDays: 1, timeLimitNote: '', result: 'Bản sao trích lục hộ tịch', fees: [{ id: 'phi-ban-sao', name: 'Phí cấp bản sao trích lục', amountVnd: 8000, quantityField: 'soBan', dueAt: 'payment-step' as const }] },
      components: [{ id: 'to-khai', name: 'Tờ khai yêu cầu cấp bản sao trích lục hộ tịch', requirement: 'required' as const, originals: 1, copies: 0, fileTypes: ['pdf', 'jpg', 'png'], maxSizeMb: 10 }],
      form: COPY_FORM,
    },
  ];
  for (const s of services) {
    const created = await createServiceIn(trx, ctx, { metadata: s.metadata, components: s.components, form: s.form });
    await publishServiceIn(trx, ctx, created.id);
  }
}
