/** The government decisions seeded for a new tenant: sourced, and each one changes or fixes a day. */
import { knownGovernmentDecisions, WorkingCalendar } from '../../../runtime/calendar/index.js';

const decisions = knownGovernmentDecisions();
const rule = new WorkingCalendar();

test('every decision names the document it comes from', () => {
  for (const d of decisions) {
    expect([d.day, d.note]).toEqual([d.day, expect.stringMatching(/\d+\/VPCP-KGVX|Bộ luật Lao động 2019|Bộ Nội vụ/)]);
  }
});

test('no day is decided twice and the list is in date order', () => {
  const days = decisions.map((d) => d.day);
  expect(new Set(days).size).toBe(days.length);
  expect([...days].sort()).toEqual(days);
});

test('every worked day is one the rule would give off (a Saturday, or a compensatory day not taken)', () => {
  for (const d of decisions.filter((x) => x.kind === 'work')) expect([d.day, rule.isWorkingDay(d.day)]).toEqual([d.day, false]);
});

test('every day off is a weekday, and either an extra day or one of the days the government fixes each year', () => {
  for (const d of decisions.filter((x) => x.kind === 'off')) {
    const info = rule.describeDay(d.day);
    expect([d.day, info.reason]).not.toEqual([d.day, 'weekend']);
    if (!info.working) expect([d.day, d.name]).toEqual([d.day, expect.stringMatching(/Tết Nguyên đán|Quốc khánh|Nghỉ bù/)]);
  }
});

test('a fresh copy each call', () => {
  knownGovernmentDecisions()[0].kind = 'work';
  expect(knownGovernmentDecisions()[0].kind).toBe('off');
});
