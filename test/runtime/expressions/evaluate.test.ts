import {
  compileExpression,
  evaluateCondition,
  evaluateExpression,
  expressionReferences,
  ExpressionError,
  listVariables,
  MAX_EXPRESSION_LENGTH,
  parseCheck,
  resolveAttribute,
} from '../../../runtime/expressions/index.js';

function failure(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error('expected an ExpressionError');
}

describe('conditions', () => {
  it.each([
    ['${approved}', { approved: true }, true],
    ['#{!approved}', { approved: true }, false],
    ['${not approved}', { approved: false }, true],
    ['${amount > 100}', { amount: 150 }, true],
    ['${amount > 100}', { amount: 100 }, false],
    ["${decision == 'accept' && fee.paid}", { decision: 'accept', fee: { paid: true } }, true],
    ['decision = "accept"', { decision: 'accept' }, true],
    ['= decision = "accept"', { decision: 'refuse' }, false],
    ['applicant.age >= 18 and count(attachments) > 0', { applicant: { age: 30 }, attachments: [{ name: 'cccd.pdf' }] }, true],
    ['${x == null}', {}, true],
  ])('%s over %j is %s', (expression, context, expected) => {
    expect(evaluateCondition(expression, context)).toBe(expected);
  });

  it('fails, rather than being false, when a variable it compares is missing', () => {
    const error = failure(() => evaluateCondition('${amount > 100}', {}));
    expect(error.code).toBe('expression.not_boolean');
    expect(error.message).toContain('gave null');
    expect(error.message).toContain("Variable 'amount' not found");
  });

  it('fails when it yields something other than true or false', () => {
    const error = failure(() => evaluateCondition('decision', { decision: 'accept' }));
    expect(error.code).toBe('expression.not_boolean');
    expect(error.message).toContain('the text "accept"');
  });

  it('fails with a clear error when FEEL itself gives up on the data', () => {
    // feelin throws on ordering two booleans: that must surface as an ExpressionError, not a crash.
    const error = failure(() => evaluateCondition('a < b', { a: true, b: false }));
    expect(error.code).toBe('expression.evaluation_failed');
  });

  it('refuses text around ${…}: a condition is one expression', () => {
    expect(failure(() => evaluateCondition('yes ${approved}', { approved: true })).code).toBe('expression.template_not_allowed');
  });

  it('refuses FEEL that does not parse, with the position', () => {
    const error = failure(() => evaluateCondition('amount >', { amount: 1 }));
    expect(error.code).toBe('expression.feel_syntax');
    expect(error.position).toBe(8);
  });

  it('refuses untranslatable JUEL before touching the data', () => {
    expect(failure(() => evaluateCondition('#{service.find(x)}', {})).code).toBe('expression.juel_unsupported');
  });

  it('refuses an empty condition', () => {
    expect(failure(() => evaluateCondition('   ', {})).code).toBe('expression.empty');
    expect(failure(() => evaluateCondition('${}', {})).code).toBe('expression.empty');
    expect(failure(() => evaluateCondition('=', {})).code).toBe('expression.empty');
  });

  it(`refuses expressions longer than ${MAX_EXPRESSION_LENGTH} characters`, () => {
    const long = Array.from({ length: 1000 }, (_, i) => `a${i}`).join(' or ');
    expect(failure(() => evaluateCondition(long, {})).code).toBe('expression.too_long');
  });

  it('cannot reach JavaScript through the properties of values', () => {
    // Were Function reachable, this would hand back the Node process object.
    expect(evaluateExpression('x.constructor.constructor("return process")()', { x: {} })).toBeNull();
    expect(evaluateExpression('s.constructor', { s: 'text' })).toBeNull();
  });
});

describe('expressions (FEEL written for us: fees, dossier components)', () => {
  it('evaluates plain FEEL, =FEEL and JUEL', () => {
    expect(evaluateExpression('quantity * 50000', { quantity: 3 })).toBe(150000);
    expect(evaluateExpression('= quantity * 50000', { quantity: 2 })).toBe(100000);
    expect(evaluateExpression('${quantity}', { quantity: 2 })).toBe(2);
  });

  it('returns dates and durations as ISO 8601 text', () => {
    expect(evaluateExpression('date("2025-08-29") + duration("P4D")', {})).toBe('2025-09-02');
    expect(evaluateExpression('{due: duration("P3D"), at: [date("2025-01-01")]}', {})).toEqual({ due: 'P3D', at: ['2025-01-01'] });
  });

  it('gives null for a missing variable (the caller decides)', () => {
    expect(evaluateExpression('missing', {})).toBeNull();
  });

  it('refuses to hand back a function', () => {
    expect(failure(() => evaluateExpression('function(a) a', {})).code).toBe('expression.evaluation_failed');
  });
});

describe('attributes (candidate groups, assignee, timers, connector inputs)', () => {
  it('returns plain text as written', () => {
    expect(resolveAttribute('tiep-nhan', {})).toBe('tiep-nhan');
    expect(resolveAttribute('PT4H', {})).toBe('PT4H');
    expect(compileExpression('tiep-nhan', 'attribute').kind).toBe('literal');
  });

  it('evaluates ${…}, #{…} and =…', () => {
    expect(resolveAttribute('${group}', { group: 'chuyen-vien' })).toBe('chuyen-vien');
    expect(resolveAttribute('#{reviewer}', { reviewer: 'an.nguyen' })).toBe('an.nguyen');
    expect(resolveAttribute('=duration("P" + string(days) + "D")', { days: 3 })).toBe('P3D');
  });

  it('fills a template as JUEL does, null as nothing', () => {
    expect(resolveAttribute('${unit}/chuyen-vien', { unit: '000.00.12.H29' })).toBe('000.00.12.H29/chuyen-vien');
    expect(resolveAttribute('to-${who}-${n}', { who: null, n: 2 })).toBe('to--2');
  });

  it('keeps an escaped \\${ as text', () => {
    expect(resolveAttribute('cost \\${x}', { x: 1 })).toBe('cost ${x}');
  });
});

describe('parseCheck (publish time)', () => {
  it('accepts FEEL and translatable JUEL, and shows the FEEL that will run', () => {
    expect(parseCheck('amount > 100')).toEqual({ ok: true, dialect: 'feel', feel: 'amount > 100' });
    expect(parseCheck('${!approved}', 'condition')).toEqual({ ok: true, dialect: 'juel', feel: 'not(approved)' });
    expect(parseCheck('tiep-nhan', 'attribute')).toEqual({ ok: true });
  });

  it('explains what is wrong, never throwing', () => {
    expect(parseCheck('amount >')).toMatchObject({ ok: false, code: 'expression.feel_syntax', position: 8 });
    expect(parseCheck('#{service.find(x)}', 'attribute')).toMatchObject({ ok: false, code: 'expression.juel_unsupported', position: 2 });
    expect(parseCheck('a ~ b')).toMatchObject({ ok: false, code: 'expression.feel_syntax' });
  });

  it('refuses two comparison operators in a row, which FEEL\'s grammar reads as a comparison with a unary test (it evaluates to null)', () => {
    expect(parseCheck('soBan = = 2')).toMatchObject({ ok: false, code: 'expression.feel_syntax', position: 8, error: expect.stringContaining('two comparison operators in a row') });
    expect(parseCheck('soBan > = 2')).toMatchObject({ ok: false, code: 'expression.feel_syntax', position: 8 });
    expect(parseCheck('x < < 3')).toMatchObject({ ok: false, code: 'expression.feel_syntax', position: 4 });
    // Unary tests where FEEL has them, and operators inside strings, stay valid.
    for (const ok of ['soBan >= 2', 'x in < 5', 'x in (< 5, > 10)', 'x in [1,2]', 'x between 1 and 2', 'a != "x = = y"', 'count(items[amount > 10]) >= 2']) {
      expect(parseCheck(ok)).toMatchObject({ ok: true });
    }
  });
});

describe('listVariables (component conditions must refer to form keys)', () => {
  it('lists the root names an expression reads, once, sorted', () => {
    expect(listVariables('applicant.age >= 18 and applicant.city = "Huế" or fee > limit')).toEqual(['applicant', 'fee', 'limit']);
  });

  it('gives the dotted paths as well', () => {
    expect(expressionReferences('applicant.address.city = "Huế" and x').paths).toEqual(['applicant.address.city', 'x']);
  });

  it('leaves out names the expression binds itself and function names', () => {
    const names = listVariables('(for i in items return i.price) != null and some s in scores satisfies s > pass and {a: 1, b: a + z}.b > 0 and (function(p) p + q)(1) > 0 and today() > deadline and x instance of number');
    expect(names).toEqual(['deadline', 'items', 'pass', 'q', 'scores', 'x', 'z']);
  });

  it('leaves out the names inside a filter, which usually name fields of each item', () => {
    expect(listVariables('count(items[price > 10]) > 0')).toEqual(['items']);
  });

  it('reads JUEL through its translation, and templates part by part', () => {
    expect(listVariables('${a.b == c}', 'condition')).toEqual(['a', 'c']);
    expect(listVariables('${unit}/chuyen-vien-${level}', 'attribute')).toEqual(['level', 'unit']);
    expect(listVariables('tiep-nhan', 'attribute')).toEqual([]);
  });

  it('keeps a multi-word FEEL name whole', () => {
    expect(listVariables('ho ten = "An"')).toEqual(['ho ten']);
  });

  it('throws the reason when the expression does not parse', () => {
    expect(() => listVariables('a >')).toThrow(ExpressionError);
  });
});
