/**
 * One name per dossier status: the studio (its status list and the test run), the server's
 * replies and the standard process template all read the same source.
 */
import { DOSSIER_STATUSES, dossierStatusLabel } from '../../studio/lib/labels.js';
import { statusView } from '../../server/dossiers/present.js';
import { standardProcessXml } from '../../server/procedures/template.js';

describe('dossier status names', () => {
  it('the studio names every status 1–10 as the server does, in both languages', () => {
    expect(DOSSIER_STATUSES.map(([n]) => n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const [n, vi, en] of DOSSIER_STATUSES) expect({ n, name: vi, nameEn: en }).toEqual({ n, name: statusView(n).name, nameEn: statusView(n).nameEn });
  });

  it('status 2 is "Đã tiếp nhận" in the test run and in replies (not "Được tiếp nhận")', () => {
    expect(dossierStatusLabel(2)).toBe('2 · Đã tiếp nhận');
    expect(statusView(2).name).toBe('Đã tiếp nhận');
  });

  it("the standard template's status milestones carry the status names", () => {
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false });
    expect(xml).toMatch(/name="Đã tiếp nhận"[^>]*esb:dossierStatus="2"|esb:dossierStatus="2"[^>]*name="Đã tiếp nhận"/);
    expect(xml).not.toContain('Được tiếp nhận');
  });
});
