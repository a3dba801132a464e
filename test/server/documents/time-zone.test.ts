/**
 * Jest gives each test file a copy of process.env, so a test cannot move its own process to
 * another zone. These render in child processes started with TZ set, and compare the bytes.
 */
import { execFileSync } from 'node:child_process';
import { renderControlSlip, type ControlSlipData } from '../../../server/documents/slips/control.js';
import { renderReceiptSlip, type ReceiptSlipData } from '../../../server/documents/slips/receipt.js';
import { applicant, components, dossierCode, dueAt, receivedAt, serviceName, trackingUrl, unit } from './fixtures.js';

const receipt: ReceiptSlipData = {
  unit, dossierCode, applicant, serviceName, components, receivedAt, dueAt, trackingUrl,
  issuedAt: receivedAt, channel: 'direct', timeLimitDays: 3, resultDelivery: { method: 'counter' },
};
const control: ControlSlipData = {
  unit, dossierCode, applicant, serviceName, receivedAt, dueAt, issuedAt: '2025-11-06T02:00:00Z',
  steps: [
    { name: 'Tiếp nhận hồ sơ', handler: 'Trần Văn Đức', group: 'Bộ phận một cửa', receivedAt, dueAt: '2025-11-04T10:00:00Z', doneAt: '2025-11-04T09:00:00Z' },
    { name: 'Thẩm định', handler: 'Lê Thị Lan', group: 'Tư pháp - Hộ tịch', receivedAt: '2025-11-04T09:00:00Z', dueAt: '2025-11-05T10:00:00Z', doneAt: '2025-11-04T17:30:00Z' },
  ],
};

function renderIn(zone: string): { localHour: number; receipt: Buffer; control: Buffer } {
  const module = (name: string) => JSON.stringify(new URL(`../../../server/documents/slips/${name}.ts`, import.meta.url).href);
  const script = `
    const { renderReceiptSlip } = await import(${module('receipt')});
    const { renderControlSlip } = await import(${module('control')});
    const [receipt, control] = await Promise.all([renderReceiptSlip(${JSON.stringify(receipt)}), renderControlSlip(${JSON.stringify(control)})]);
    process.stdout.write(JSON.stringify({ localHour: new Date(${JSON.stringify(receivedAt)}).getHours(), receipt: receipt.toString('base64'), control: control.toString('base64') }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, TZ: zone, NODE_OPTIONS: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const parsed = JSON.parse(out.toString()) as { localHour: number; receipt: string; control: string };
  return { localHour: parsed.localHour, receipt: Buffer.from(parsed.receipt, 'base64'), control: Buffer.from(parsed.control, 'base64') };
}

describe('the process time zone', () => {
  test.each([
    ['America/Los_Angeles', 9],
    ['Pacific/Kiritimati', 7],
  ])('in %s (where the receipt instant is %d o’clock) the slips are byte for byte the same', async (zone, hour) => {
    const [ownReceipt, ownControl] = await Promise.all([renderReceiptSlip(receipt), renderControlSlip(control)]);
    const there = renderIn(zone);
    // The zone really applied in the child: its local clock reads another hour than Vietnam's 00:30.
    expect(there.localHour).toBe(hour);
    expect(there.receipt.equals(ownReceipt)).toBe(true);
    expect(there.control.equals(ownControl)).toBe(true);
  });
});
