/** Installing a unit's signing certificate (server/admin/commands/certificates.ts), and results signed with it. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { multipart, resultPdf } from '../../helpers/multipart.js';
import { issueUnitP12 } from '../../helpers/certificates.js';
import { createKeyring, openP12ForInstall, storeUnitCertificate, verifyPdfSignature } from '../../../server/documents/index.js';
import { hasOpenssl, opensslVerify } from '../documents/signing/openssl.js';

const DAY = 86400_000;

describe("a unit's signing certificate", () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let units: Record<string, string>;
  let serviceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    admin = (await loginAs(t.app, 'admin', DEMO_PASSWORD)).auth;
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    units = Object.fromEntries((await s.get('/api/units')).body.map((u: any) => [u.agencyCode, u.id]));
  });
  afterAll(() => t.close());

  const install = (unitId: string, body: { p12: Buffer; passphrase: string }, auth = admin) =>
    t.app.inject({ method: 'PUT', url: `/api/admin/units/${unitId}/certificate`, headers: auth, payload: { p12: body.p12.toString('base64'), passphrase: body.passphrase } });
  const certificateRow = (unitId: string) => t.db.db.selectFrom('unit_certificates').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
  const installAudits = (unitId: string) => t.db.db.selectFrom('audit_log').selectAll().where('entity_id', '=', unitId).where('action', '=', 'unit.certificate_install').execute();

  async function returnResultTask(unitCode: string, prefix: string) {
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const d = (await c.submit({ serviceId, receivingUnitId: units[unitCode], data: SAMPLE_DATA, attachments })).body as { id: string; code: string };
    let task: any;
    for (const [who, decision] of [['tiepnhan', 'accept'], ['chuyenvien', 'forward'], ['lanhdao', 'approve'], ['tiepnhan', undefined]] as const) {
      const o = studio(t.app, (await loginAs(t.app, `${prefix}.${who}`, DEMO_PASSWORD)).auth);
      task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
      expect((await o.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
      if (decision) expect((await o.post(`/api/tasks/${task.id}/complete`, { decision })).status).toBe(200);
    }
    return { c, dossier: d, task, official: (await loginAs(t.app, `${prefix}.tiepnhan`, DEMO_PASSWORD)).auth };
  }

  it('installs a PKCS#12 file sent as multipart; results signed afterwards verify with that certificate, and the passphrase is kept nowhere', async () => {
    const now = Date.now();
    const issued = issueUnitP12({ commonName: 'Ủy ban nhân dân phường Phúc Xá (CA)', notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) });
    const unitId = units['000.31.01.H29'];
    const body = multipart({ passphrase: issued.passphrase }, { name: 'phucxa.p12', type: 'application/x-pkcs12', data: issued.p12 });
    const res = await t.app.inject({ method: 'PUT', url: `/api/admin/units/${unitId}/certificate`, headers: { ...admin, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      unitId,
      commonName: 'Ủy ban nhân dân phường Phúc Xá (CA)',
      subject: 'C=VN, O=UBND quận Ba Đình, CN=Ủy ban nhân dân phường Phúc Xá (CA)',
      issuer: 'C=VN, O=Ban Cơ yếu Chính phủ (thử nghiệm), CN=CA thử nghiệm',
      serialNumber: issued.serialNumber,
      selfSigned: false,
    });
    expect(Object.keys(res.json())).not.toContain('sealedKey');
    const shown = await t.app.inject({ method: 'GET', url: `/api/admin/units/${unitId}/certificate`, headers: admin });
    expect(shown.json()).toEqual(res.json());

    // Stored: the certificate, and the key sealed under the server's secret; no file, no passphrase.
    const row = (await certificateRow(unitId))!;
    expect(JSON.stringify(row)).not.toContain(issued.passphrase);
    expect(row.sealed_key).not.toMatch(/PRIVATE KEY/);
    expect(() => createKeyring('another-secret-another-secret-another').unseal(row.sealed_key, unitId)).toThrow();
    expect(() => t.app.keyring.unseal(row.sealed_key, units['000.31.02.H29'])).toThrow();
    const audits = await installAudits(unitId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_kind: 'staff', details: expect.objectContaining({ serialNumber: issued.serialNumber }) });
    expect(JSON.stringify(audits[0].details)).not.toContain(issued.passphrase);

    const { c, dossier, task, official } = await returnResultTask('000.31.01.H29', 'phucxa');
    const pdf = multipart({}, { name: 'giay-khai-sinh.pdf', type: 'application/pdf', data: await resultPdf('Giay khai sinh') });
    const attached = await t.app.inject({ method: 'POST', url: `/api/tasks/${task.id}/result`, headers: { ...official, ...pdf.headers }, payload: pdf.payload });
    expect(attached.json()).toMatchObject({ signedBy: 'Ủy ban nhân dân phường Phúc Xá (CA)' });
    expect((await studio(t.app, official).post(`/api/tasks/${task.id}/complete`, { decision: 'return-result' })).status).toBe(200);
    const result = await c.get(`/api/dossiers/${dossier.id}/result`);
    const check = verifyPdfSignature(result.raw.rawPayload, { trustedCertificates: [issued.caPem] });
    expect(check).toMatchObject({ valid: true, trusted: true, coversWholeDocument: true });
    expect(check.signer).toMatchObject({ commonName: 'Ủy ban nhân dân phường Phúc Xá (CA)', serialNumber: issued.serialNumber.toLowerCase() });
    // And independently: OpenSSL checks the signature and its chain to the unit's CA.
    if (hasOpenssl) expect(opensslVerify(result.raw.rawPayload, { caPem: issued.caPem })).toMatchObject({ ok: true, output: expect.stringContaining('Verification successful') });
  });

  it('accepts the file in base64 JSON and replaces the unit’s earlier (demo) certificate', async () => {
    const unitId = units['000.31.02.H29'];
    // Trúc Bạch signs once with a generated demo certificate, then installs its own.
    const { task, official } = await returnResultTask('000.31.02.H29', 'trucbach');
    const pdf = multipart({}, { name: 'kq.pdf', type: 'application/pdf', data: await resultPdf('Ket qua') });
    expect((await t.app.inject({ method: 'POST', url: `/api/tasks/${task.id}/result`, headers: { ...official, ...pdf.headers }, payload: pdf.payload })).statusCode).toBe(200);
    expect((await certificateRow(unitId))!.self_signed).toBe(true);
    const issued = issueUnitP12({ commonName: 'UBND phường Trúc Bạch', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    const incomplete = await t.app.inject({ method: 'PUT', url: `/api/admin/units/${unitId}/certificate`, headers: admin, payload: { p12: issued.p12.toString('base64') } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().fields).toContainEqual(expect.objectContaining({ path: '/passphrase' }));
    const res = await install(unitId, issued);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ serialNumber: issued.serialNumber, selfSigned: false });
    expect((await certificateRow(unitId))!.serial_number).toBe(issued.serialNumber);
  });

  it('refuses to sign with a stored certificate out of force, or a key the server secret no longer opens (422), attaching nothing', async () => {
    const unitId = units['000.31.02.H29'];
    const tenantId = (await t.db.db.selectFrom('units').select('tenant_id').where('id', '=', unitId).executeTakeFirstOrThrow()).tenant_id;
    const { dossier, task, official } = await returnResultTask('000.31.02.H29', 'trucbach');
    const attach = async () => {
      const pdf = multipart({}, { name: 'kq.pdf', type: 'application/pdf', data: await resultPdf('Ket qua') });
      return t.app.inject({ method: 'POST', url: `/api/tasks/${task.id}/result`, headers: { ...official, ...pdf.headers }, payload: pdf.payload });
    };
    // Installed while in force, expired since: stored directly, as time would have it.
    const lapsed = issueUnitP12({ commonName: 'UBND phường Trúc Bạch (cũ)', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
    const { key } = openP12ForInstall(lapsed.p12, lapsed.passphrase, new Date(Date.now() - 2 * DAY));
    await storeUnitCertificate(t.db.db, t.app.keyring, { unitId, tenantId, key, installedBy: null, replace: true });
    const expired = await attach();
    expect(expired.statusCode).toBe(422);
    expect(expired.json().code).toBe('signing.certificate_expired');

    const current = issueUnitP12({ commonName: 'UBND phường Trúc Bạch', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    const opened = openP12ForInstall(current.p12, current.passphrase, new Date()).key;
    await storeUnitCertificate(t.db.db, createKeyring('a-secret-this-server-does-not-have-0000'), { unitId, tenantId, key: opened, installedBy: null, replace: true });
    const unopenable = await attach();
    expect(unopenable.statusCode).toBe(422);
    expect(unopenable.json().code).toBe('signing.key_unavailable');
    expect((await t.db.db.selectFrom('dossiers').select('result_file_id').where('id', '=', dossier.id).executeTakeFirstOrThrow()).result_file_id).toBeNull();
  });

  describe('refuses, storing nothing and auditing nothing', () => {
    const valid = () => ({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    const cases: Array<[string, () => { p12: Buffer; passphrase: string }, string, string]> = [
      ['a wrong passphrase', () => ({ ...issueUnitP12({ commonName: 'Sai', ...valid() }), passphrase: 'không đúng' }), '/passphrase', 'certificate.wrong_passphrase'],
      ['an expired certificate', () => issueUnitP12({ commonName: 'Hết hạn', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) }), '/p12', 'certificate.expired'],
      ['a certificate not valid yet', () => issueUnitP12({ commonName: 'Chưa hiệu lực', notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) }), '/p12', 'certificate.not_yet_valid'],
      ['a file without a private key', () => issueUnitP12({ commonName: 'Không khóa', ...valid(), withKey: false }), '/p12', 'certificate.no_private_key'],
      ['a file that is not PKCS#12', () => ({ p12: Buffer.from('%PDF-1.4 không phải p12'), passphrase: 'x' }), '/p12', 'certificate.unreadable'],
    ];
    it.each(cases)('%s (400 with a stable code)', async (_name, make, path, code) => {
      const unitId = units['000.00.00.H29'];
      const res = await install(unitId, make());
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code, fields: [expect.objectContaining({ path, code })] });
      expect(await certificateRow(unitId)).toBeUndefined();
      expect(await installAudits(unitId)).toHaveLength(0);
    });

    it('a failed install leaves the installed certificate in place', async () => {
      const unitId = units['000.31.01.H29'];
      const before = (await certificateRow(unitId))!;
      const res = await install(unitId, issueUnitP12({ commonName: 'Hết hạn', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) }));
      expect(res.json().code).toBe('certificate.expired');
      expect(await certificateRow(unitId)).toEqual(before);
    });
  });

  it("is the province admin's: another province's admin gets 404, an official 403", async () => {
    await createTestTenant(t.db.db, 'khac', '000.00.00.K01', '000.01.01.K01');
    const other = (await loginAs(t.app, 'khac.admin', PASSWORD)).auth;
    const unitId = units['000.31.01.H29'];
    const before = await certificateRow(unitId);
    const issued = issueUnitP12({ commonName: 'Kẻ lạ', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) });
    const res = await install(unitId, issued, other);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('unit.not_found');
    expect((await t.app.inject({ method: 'GET', url: `/api/admin/units/${unitId}/certificate`, headers: other })).statusCode).toBe(404);
    expect(await certificateRow(unitId)).toEqual(before);
    const official = (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth;
    expect((await install(unitId, issued, official)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/admin/units/${units['000.00.00.H29']}/certificate`, headers: admin })).json().code).toBe('certificate.not_found');
  });
});
