import { readFileSync } from 'node:fs';
import { analyzeForm } from '../../../server/procedures/form.js';
import { CHECK_MESSAGES, checkText, IMPORT_NOTES, METADATA_MISSING } from '../../../server/procedures/check-messages.js';

/** Every `kind` a check message switches on, read from the catalogue's own source. */
const source = readFileSync(new URL('../../../server/procedures/check-messages.ts', import.meta.url), 'utf8');
function kindsOf(code: string): string[] {
  const entry = source.slice(source.indexOf(`'${code}': (p: {`));
  const union = /kind: ((?:'[a-z_]+'(?: \| )?)+)/.exec(entry.slice(0, entry.indexOf('=>')))?.[1];
  return union ? [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]) : [''];
}

const values = { field: 'metadata.name', agencyCode: '000.00.12.H29', fee: 'Lệ phí', text: 'note', error: 'bad', names: ['x'], task: 'Thẩm định', group: 'tiep-nhan', unit: 'U1', user: 'u', key: 'k', known: ['a'], days: 3, limit: 2, hours: 9, perDay: 8, along: 'A → B', share: 1, gateway: 'G', decision: 'accept', offers: ['refuse'] };

describe('publish check messages in both languages', () => {
  const cases = Object.keys(CHECK_MESSAGES).flatMap((code) => kindsOf(code).map((kind) => [code, kind] as const));

  it('has an entry for exactly the check codes checks.ts reports', () => {
    const checks = readFileSync(new URL('../../../server/procedures/checks.ts', import.meta.url), 'utf8');
    const reported = new Set([...checks.matchAll(/(?:pass|fail)\('([a-z_.]+)'/g)].map((m) => m[1]));
    expect(reported.size).toBeGreaterThan(10);
    expect(Object.keys(CHECK_MESSAGES).sort()).toEqual([...reported].sort());
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases)('gives %s (%s) a non-empty English and a different Vietnamese text', (code, kind) => {
    const text = (CHECK_MESSAGES[code as keyof typeof CHECK_MESSAGES] as (p: unknown) => { en: string; vi: string })({ ...values, kind });
    expect(text.en.trim()).not.toBe('');
    expect(text.vi.trim()).not.toBe('');
    expect(text.vi).not.toBe(text.en);
  });

  it.each(Object.entries(METADATA_MISSING))('says in both languages what is missing for %s', (_, text) => {
    expect(text.vi).not.toBe(text.en);
    expect(text.vi).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i);
  });

  it('interpolates units, groups, tasks and numbers into the Vietnamese text', () => {
    expect(checkText('process.groups', { kind: 'unstaffed', task: 'Tiếp nhận hồ sơ', unit: '000.00.12.H29', group: 'tiep-nhan' })).toEqual({
      en: 'task "Tiếp nhận hồ sơ": unit 000.00.12.H29 has no group "tiep-nhan" with an active member',
      vi: 'Bước "Tiếp nhận hồ sơ": đơn vị 000.00.12.H29 chưa có nhóm xử lý "tiep-nhan" với thành viên đang hoạt động',
    });
    expect(checkText('process.deadlines', { kind: 'over_days', along: 'receive → approve', days: 7, limit: 5 }).vi).toBe(
      'Tổng thời hạn các bước theo receive → approve là 7 ngày làm việc, vượt thời hạn giải quyết 5 ngày theo quy định',
    );
    expect(checkText('fees.condition_pending', { fee: 'Lệ phí cấp bản sao' }).vi).toBe(
      'Khoản phí, lệ phí "Lệ phí cấp bản sao" chưa được thu cho đến khi viết điều kiện thu (hoặc đánh dấu luôn thu)',
    );
    expect(checkText('process.decisions', { kind: 'not_offered', gateway: 'Kết quả thẩm định', decision: 'approve', task: 'Thẩm định', offers: ['forward', 'send-back'] }).vi).toBe(
      'Cổng rẽ nhánh "Kết quả thẩm định" xét quyết định "approve" nhưng bước "Thẩm định" không có quyết định này (bước có: forward, send-back)',
    );
  });

  it('writes import notes in both languages', () => {
    const note = IMPORT_NOTES.feeWhen('Phí thẩm định', 'nộp trực tuyến');
    expect(note.en).toBe('Fee "Phí thẩm định" applies when: nộp trực tuyến. Write this as a FEEL condition over the form.');
    expect(note.vi).toBe('Khoản phí, lệ phí "Phí thẩm định" áp dụng khi: nộp trực tuyến. Hãy viết điều kiện này bằng FEEL theo các trường của biểu mẫu.');
  });

  it('words form problems in both languages, with the key and the first place it is used', () => {
    const { problems, customCode } = analyzeForm({
      components: [
        { type: 'textfield', key: 'hoTen', input: true },
        { type: 'textfield', key: 'hoTen', input: true, validate: { custom: 'valid = true' } },
      ],
    });
    expect(problems.map((p) => p.messageVi)).toEqual(['Mã "hoTen" bị dùng hai lần trong cùng một phạm vi dữ liệu (trùng với components[0] "hoTen")']);
    expect(customCode.map((p) => [p.message, p.messageVi])).toEqual([
      ['custom JavaScript validation is not allowed: use the built-in rules or JSONLogic (validate.json)', 'Không cho phép kiểm tra dữ liệu bằng JavaScript tự viết: hãy dùng quy tắc có sẵn hoặc JSONLogic (validate.json)'],
    ]);
  });
});
