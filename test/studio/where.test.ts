/**
 * Where a form problem points (studio/lib/where.ts): which form, and which component of it,
 * for the paths the server's checks write.
 */
import { componentKeyOf, formTargetOf } from '../../studio/lib/where.js';

describe('form problem targets', () => {
  it('names the citizen form or the step form of a problem', () => {
    expect(formTargetOf('form')).toEqual({ form: '', path: '' });
    expect(formTargetOf('form:hoTen.validate.custom')).toEqual({ form: '', path: 'hoTen.validate.custom' });
    expect(formTargetOf('stepForm:tham-dinh:components[1] "ghiChu"')).toEqual({ form: 'tham-dinh', path: 'components[1] "ghiChu"' });
    expect(formTargetOf('process:Task_1')).toBeNull();
    expect(formTargetOf(null)).toBeNull();
  });

  it('finds the component key in a quoted, a key-first or an index-only path', () => {
    const form = { components: [{ type: 'columns', key: 'cot', columns: [{ components: [] }, { components: [{ type: 'textfield', key: 'soCccd' }] }] }, { type: 'table', key: 'bang', rows: [[{ components: [{ type: 'email', key: 'thu' }] }]] }] };
    expect(componentKeyOf('components[0].columns[1].components[0] "soCccd"', form)).toBe('soCccd');
    expect(componentKeyOf('hoTen.validate.custom', form)).toBe('hoTen');
    expect(componentKeyOf('components[0].columns[1].components[0]', form)).toBe('soCccd');
    expect(componentKeyOf('components[1].rows[0][0].components[0].customConditional', form)).toBe('thu');
    expect(componentKeyOf('components[5]', form)).toBeNull();
    expect(componentKeyOf('components', form)).toBeNull();
  });
});
