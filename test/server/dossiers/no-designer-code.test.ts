/**
 * Designer JavaScript never runs on the server: validateFormData strips custom code from its
 * copy of the form and runs @formio/core in its no-eval mode, so a draft form (which the
 * studio's test run validates before any publish check) cannot execute code. JSONLogic is data
 * and keeps working.
 */
import { jest } from '@jest/globals';
import { Evaluator } from '@formio/core';
import { validateFormData } from '../../../server/dossiers/validate.js';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { studio } from '../../helpers/studio.js';

const G = globalThis as Record<string, unknown>;
const MARKS = ['__pwnedValidate', '__pwnedCalculate', '__pwnedConditional', '__pwnedDefault', '__pwnedLogic'];

/** A form whose every JavaScript hook would set a global if it ran. */
const evilForm = () => ({
  components: [
    { type: 'textfield', key: 'name', input: true, validate: { custom: 'globalThis.__pwnedValidate = 1; valid = false' } },
    { type: 'number', key: 'total', input: true, calculateValue: 'globalThis.__pwnedCalculate = 1; value = 42', calculateServer: true },
    { type: 'textfield', key: 'shown', input: true, customConditional: 'globalThis.__pwnedConditional = 1; show = false' },
    { type: 'textfield', key: 'preset', input: true, customDefaultValue: 'globalThis.__pwnedDefault = 1; value = "x"' },
    {
      type: 'textfield', key: 'logical', input: true,
      logic: [{ name: 'l', trigger: { type: 'javascript', javascript: 'globalThis.__pwnedLogic = 1; result = true' }, actions: [{ name: 'a', type: 'property', property: { type: 'boolean', value: 'hidden' }, state: true }] }],
    },
    { type: 'checkbox', key: 'wantsCopy', input: true },
    // JSONLogic: data, not code — the field is shown only when wantsCopy is ticked.
    { type: 'textfield', key: 'copyAddress', input: true, validate: { required: true }, conditional: { json: { '==': [{ var: 'data.wantsCopy' }, true] } } },
  ],
});

describe('designer code on the server', () => {
  beforeEach(() => MARKS.forEach((m) => delete G[m]));
  afterAll(() => MARKS.forEach((m) => delete G[m]));

  it('validating data against a form with custom JavaScript runs none of it, and does not refuse because of it', () => {
    const form = evilForm();
    const result = validateFormData(form, { name: 'An', shown: 'ở lại', wantsCopy: false });
    for (const m of MARKS) expect(G[m]).toBeUndefined();
    // The custom validation (valid = false) did not run, the JS condition did not hide "shown".
    expect(result.errors).toEqual([]);
    expect(result.data.shown).toBe('ở lại');
    expect(result.data.total).toBeUndefined();
    // The caller's form is left as it was (the code is stripped from a copy).
    expect(form.components[0].validate).toEqual({ custom: 'globalThis.__pwnedValidate = 1; valid = false' });
  });

  it('keeps JSONLogic conditions: a hidden field is cleared and not required, a shown one is required', () => {
    const hidden = validateFormData(evilForm(), { name: 'An', wantsCopy: false, copyAddress: 'bị bỏ' });
    expect(hidden.errors).toEqual([]);
    expect(hidden.data.copyAddress).toBeUndefined();
    const shown = validateFormData(evilForm(), { name: 'An', wantsCopy: true });
    expect(shown.errors).toEqual([expect.objectContaining({ path: '/data/copyAddress', code: 'form.required' })]);
    for (const m of MARKS) expect(G[m]).toBeUndefined();
  });

  it("@formio/core's evaluator is in no-eval mode once validation is loaded", () => {
    expect(Evaluator.noeval).toBe(true);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(Evaluator.evaluate('globalThis.__pwnedValidate = 1; return 1', {})).toBeUndefined();
    expect(G.__pwnedValidate).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('No evaluations allowed for this renderer.');
    warn.mockRestore();
  });

  describe("the studio's test run of an unpublished form", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      await seedDemo(t.db.db);
    });
    afterAll(() => t.close());

    it('runs none of the draft form’s JavaScript over HTTP', async () => {
      const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
      const communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
      const id = (await s.post('/api/studio/services', { metadata: { name: 'Dịch vụ thử mã', field: 'Hộ tịch', receivingUnitIds: communes, timeLimitDays: 5, fees: [] } })).body.id;
      const saved = await s.put(`/api/studio/services/${id}/form`, { form: evilForm() });
      expect(saved.status).toBe(200);
      const run = await s.post(`/api/studio/services/${id}/test-runs`, { data: { name: 'An', wantsCopy: true }, decisions: [] });
      expect(run.status).toBe(200);
      for (const m of MARKS) expect(G[m]).toBeUndefined();
      // Only the JSONLogic rule spoke: the custom validation's "valid = false" did not run.
      expect(run.body.formErrors.map((e: any) => e.path)).toEqual(['/data/copyAddress']);
    });
  });
});
