// The server project type-checks the tests: it needs the studio's types of the untyped FEEL linter.
/// <reference path="../../studio/modules.d.ts" />
/**
 * FEEL linting in the studio (studio/lib/feel.ts): a syntax error is reported with where it
 * is, and a name the form does not have is flagged once the expression parses.
 */
import { lintFeel } from '../../studio/lib/feel.js';

describe('studio FEEL linting', () => {
  it('accepts a well-formed condition over the form\'s fields', async () => {
    expect(await lintFeel('soBan > 1 and loaiGiayTo = "ban-sao"', ['soBan', 'loaiGiayTo'])).toEqual([]);
    expect(await lintFeel('', ['soBan'])).toEqual([]);
  });

  it('flags a syntax error with its position (1-based)', async () => {
    // `)` is the 9th character: the comparison has no right side.
    expect(await lintFeel('soBan > ) and soBan < 3', ['soBan'])).toEqual(['Unrecognized token in <Comparison> (vị trí 9)']);
    // The second `and` starts at the 15th character.
    expect(await lintFeel('soBan > 1 and and soBan < 3', ['soBan'])).toEqual(['Unrecognized token <and> in <Conjunction> (vị trí 15)']);
    // An unfinished expression is flagged at its end.
    expect(await lintFeel('soBan > 1 and (loaiGiayTo = "a"', ['soBan', 'loaiGiayTo'])).toEqual(['Incomplete <ParenthesizedExpression> (vị trí 32)']);
  });

  it('checks no names while the syntax is wrong: the syntax error comes alone', async () => {
    expect(await lintFeel('khongCo > ', ['soBan'])).toEqual(['Incomplete <Comparison> (vị trí 11)']);
  });

  it('warns of a name the form does not have, once the expression parses', async () => {
    expect(await lintFeel('soBanSao > 1 and soBan < 5', ['soBan'])).toEqual(['Biểu mẫu không có trường: soBanSao']);
  });

  it('does not take strings, paths, keywords or built-in functions for field names', async () => {
    expect(await lintFeel('loaiGiayTo = "ban sao khac" and nguoiNop.hoTen != null and date(ngayNop) > date("2026-01-01") or not(true)', ['loaiGiayTo', 'nguoiNop', 'ngayNop'])).toEqual([]);
  });

  it('does not check names when the caller has no field list', async () => {
    expect(await lintFeel('batKy > 1')).toEqual([]);
  });
});
