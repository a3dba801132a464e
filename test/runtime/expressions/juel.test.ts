import { ExpressionError, translateJuel } from '../../../runtime/expressions/index.js';

function refusal(body: string): ExpressionError {
  try {
    translateJuel(body);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`"${body}" was translated, but should have been refused`);
}

describe('JUEL translation to FEEL', () => {
  it.each([
    ['approved', 'approved'],
    ['!approved', 'not(approved)'],
    ['not approved', 'not(approved)'],
    ['!!approved', 'not(not(approved))'],
    ['amount > 100', 'amount > 100'],
    ['amount gt 100', 'amount > 100'],
    ['amount >= 100.5', 'amount >= 100.5'],
    ['amount ge 100', 'amount >= 100'],
    ['amount < -3', 'amount < -3'],
    ['amount lt 3', 'amount < 3'],
    ['amount <= .5', 'amount <= 0.5'],
    ['amount le 3', 'amount <= 3'],
    ['decision == "accept"', 'decision = "accept"'],
    ["decision eq 'accept'", 'decision = "accept"'],
    ["decision != 'refuse'", 'decision != "refuse"'],
    ['decision ne null', 'decision != null'],
    ['approved == true', 'approved = true'],
    ['applicant.address.province == "Huế"', 'applicant.address.province = "Huế"'],
    ['a && b', '(a) and (b)'],
    ['a and b', '(a) and (b)'],
    ['a || b', '(a) or (b)'],
    ['a or b', '(a) or (b)'],
    ['a || b && c', '(a) or ((b) and (c))'],
    ['(a || b) && c', '((a) or (b)) and (c)'],
    ['amount > 100 && !urgent', '(amount > 100) and not(urgent)'],
    ['environment.variables.amount > 100', 'amount > 100'],
    ["note == 'it\\'s \"quoted\"'", 'note = "it\'s \\"quoted\\""'],
    ['tênNgườiNộp == "An"', 'tênNgườiNộp = "An"'],
  ])('translates %s to %s', (juel, feel) => {
    expect(translateJuel(juel)).toBe(feel);
  });

  it('keeps FEEL from reading two operands as one multi-word name', () => {
    // FEEL has a builtin named "date and time"; the variables date and time must stay apart.
    expect(translateJuel('date and time')).toBe('(date) and (time)');
  });

  it.each([
    ['service.find(x)', 'method call service.find(…)'],
    ['jobAnnouncementService.findRequester(jobAnnouncementId)', 'method call jobAnnouncementService.findRequester(…)'],
    ['execution.getVariable("amount")', 'Camunda 7 engine call'],
    ['execution.processInstanceId', "'execution' is a Camunda 7 engine object"],
    ['isOk(x)', 'function call isOk(…)'],
    ['amount + 1 > 2', "arithmetic ('+')"],
    ['amount * 2', "arithmetic ('*')"],
    ['amount div 2', "arithmetic ('div')"],
    ['amount mod 2 == 0', "arithmetic ('mod')"],
    ['-amount < 0', 'arithmetic (a minus sign'],
    ['a ? b : c', 'conditional operator'],
    ['empty list', "'empty' operator"],
    ['a instanceof b', "'instanceof'"],
    ['list[0]', 'index access'],
    ['x = 1', 'assignment'],
    ['x -> x', 'lambda'],
    ['environment.services.notify', 'engine internals'],
    ['if', 'FEEL keyword'],
    ['a.$b', "contains '$'"],
    ['1e3 > amount', 'exponent'],
  ])('refuses %s, naming why (%s)', (juel, reason) => {
    const error = refusal(juel);
    expect(error.code).toBe('expression.juel_unsupported');
    expect(error.message).toContain(reason);
  });

  it.each([
    ['a & b', "unexpected character '&'"],
    ['"unterminated', 'unterminated string'],
    ['a b', "found 'b'"],
    ['(a', "expected ')'"],
    ['a)', "found ')'"],
    ['a ==', 'found the end of the expression'],
    ['&& a', "found '&&'"],
    ['a..b', 'property name'],
  ])('refuses the malformed %s as a syntax error (%s)', (juel, reason) => {
    const error = refusal(juel);
    expect(error.code).toBe('expression.juel_syntax');
    expect(error.message).toContain(reason);
  });

  it('refuses an empty expression', () => {
    expect(refusal('  ').code).toBe('expression.empty');
  });

  it('refuses nesting deep enough to threaten the stack, without a stack overflow', () => {
    const error = refusal('('.repeat(5000) + 'a' + ')'.repeat(5000));
    expect(error.code).toBe('expression.juel_unsupported');
    expect(error.message).toContain('nests deeper');
  });

  it('gives the position of the refused part within the whole expression', () => {
    // The body starts after "${" in the attribute "${a + 1}".
    const error = (() => {
      try {
        translateJuel('a + 1', 2, '${a + 1}');
      } catch (err) {
        return err as ExpressionError;
      }
      throw new Error('not refused');
    })();
    expect(error.position).toBe(4);
    expect(error.expression).toBe('${a + 1}');
  });
});
