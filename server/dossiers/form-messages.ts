/**
 * The texts of form.io's validation errors, Vietnamese first with an English twin: a citizen
 * reads `message`, a client that wants English reads `messageEn`. form.io's own English texts
 * show raw regular expressions ("does not match the pattern ^[0-9]{12}$") and would sit next to
 * our Vietnamese type errors in one reply, so every error kind is worded here instead. The field
 * is named by its error label (or label, placeholder, key), as form.io names it. A message the
 * designer wrote (validate.customMessage, validate.patternMessage, component.errors[kind]) wins
 * over ours, in both languages: it is the only text the designer gave.
 */
import { Evaluator } from '@formio/core';

type Vars = Record<string, unknown>;
type Text = (field: string, v: Vars) => string;

const q = (field: string) => `"${field}"`;

/** By form.io's error key (the first argument of its FieldError). */
const VI: Record<string, Text> = {
  required: (f) => `${q(f)} là trường bắt buộc`,
  requiredDayField: (f) => `${q(f)}: thiếu ngày`,
  requiredMonthField: (f) => `${q(f)}: thiếu tháng`,
  requiredYearField: (f) => `${q(f)}: thiếu năm`,
  requiredDayEmpty: (f) => `${q(f)} là trường bắt buộc`,
  requiredSurvey: (f) => `${q(f)}: phải trả lời mọi câu hỏi`,
  array_nonempty: (f) => `${q(f)} phải có ít nhất một giá trị`,
  array: (f) => `${q(f)} phải là một danh sách`,
  nonarray: (f) => `${q(f)} không được là danh sách`,
  pattern: (f) => `${q(f)} không đúng định dạng yêu cầu`,
  invalid_regex: (f) => `${q(f)} không đúng định dạng yêu cầu`,
  mask: (f) => `${q(f)} không đúng mẫu nhập yêu cầu`,
  minLength: (f, v) => `${q(f)} phải có ít nhất ${v.length} ký tự`,
  maxLength: (f, v) => `${q(f)} không được dài quá ${v.length} ký tự`,
  minWords: (f, v) => `${q(f)} phải có ít nhất ${v.length} từ`,
  maxWords: (f, v) => `${q(f)} không được quá ${v.length} từ`,
  min: (f, v) => `${q(f)} không được nhỏ hơn ${v.min}`,
  max: (f, v) => `${q(f)} không được lớn hơn ${v.max}`,
  minDate: (f, v) => `${q(f)} không được trước ngày ${v.minDate}`,
  maxDate: (f, v) => `${q(f)} không được sau ngày ${v.maxDate}`,
  minYear: (f, v) => `${q(f)} không được có năm nhỏ hơn ${v.minYear}`,
  maxYear: (f, v) => `${q(f)} không được có năm lớn hơn ${v.maxYear}`,
  minSelectedCount: (f, v) => `${q(f)}: phải chọn ít nhất ${v.minCount} mục`,
  maxSelectedCount: (f, v) => `${q(f)}: chỉ được chọn tối đa ${v.maxCount} mục`,
  invalid_email: (f) => `${q(f)} phải là một địa chỉ email hợp lệ`,
  invalid_url: (f) => `${q(f)} phải là một địa chỉ web (URL) hợp lệ`,
  invalid_date: (f) => `${q(f)} không phải là ngày hợp lệ`,
  invalidDate: (f) => `${q(f)} không phải là ngày hợp lệ`,
  invalid_day: (f) => `${q(f)} không phải là ngày hợp lệ`,
  invalidDay: (f) => `${q(f)} không phải là ngày hợp lệ`,
  time: (f) => `${q(f)} không phải là giờ hợp lệ`,
  number: (f) => `${q(f)} không phải là số hợp lệ`,
  invalidOption: (f) => `${q(f)} không phải là giá trị được phép`,
  valueIsNotAvailable: (f) => `${q(f)} không phải là giá trị được phép`,
  select: (f) => `${q(f)} có lựa chọn không hợp lệ`,
  unique: (f) => `${q(f)} phải là giá trị duy nhất`,
  invalidValueProperty: (f) => `${q(f)} có thuộc tính giá trị không hợp lệ`,
  jsonLogic: (f) => `${q(f)} không thỏa mãn điều kiện của biểu mẫu`,
  custom: (f) => `${q(f)} không hợp lệ`,
};

const EN: Record<string, Text> = {
  required: (f) => `${q(f)} is required`,
  requiredDayField: (f) => `${q(f)}: the day is missing`,
  requiredMonthField: (f) => `${q(f)}: the month is missing`,
  requiredYearField: (f) => `${q(f)}: the year is missing`,
  requiredDayEmpty: (f) => `${q(f)} is required`,
  requiredSurvey: (f) => `${q(f)}: every question must be answered`,
  array_nonempty: (f) => `${q(f)} must have at least one value`,
  array: (f) => `${q(f)} must be a list`,
  nonarray: (f) => `${q(f)} must not be a list`,
  pattern: (f) => `${q(f)} is not in the required format`,
  invalid_regex: (f) => `${q(f)} is not in the required format`,
  mask: (f) => `${q(f)} does not match the required input mask`,
  minLength: (f, v) => `${q(f)} must have at least ${v.length} characters`,
  maxLength: (f, v) => `${q(f)} must have no more than ${v.length} characters`,
  minWords: (f, v) => `${q(f)} must have at least ${v.length} words`,
  maxWords: (f, v) => `${q(f)} must have no more than ${v.length} words`,
  min: (f, v) => `${q(f)} cannot be less than ${v.min}`,
  max: (f, v) => `${q(f)} cannot be greater than ${v.max}`,
  minDate: (f, v) => `${q(f)} cannot be before ${v.minDate}`,
  maxDate: (f, v) => `${q(f)} cannot be after ${v.maxDate}`,
  minYear: (f, v) => `${q(f)} cannot have a year before ${v.minYear}`,
  maxYear: (f, v) => `${q(f)} cannot have a year after ${v.maxYear}`,
  minSelectedCount: (f, v) => `${q(f)}: select at least ${v.minCount} items`,
  maxSelectedCount: (f, v) => `${q(f)}: select at most ${v.maxCount} items`,
  invalid_email: (f) => `${q(f)} must be a valid email address`,
  invalid_url: (f) => `${q(f)} must be a valid web address (URL)`,
  invalid_date: (f) => `${q(f)} is not a valid date`,
  invalidDate: (f) => `${q(f)} is not a valid date`,
  invalid_day: (f) => `${q(f)} is not a valid date`,
  invalidDay: (f) => `${q(f)} is not a valid date`,
  time: (f) => `${q(f)} is not a valid time`,
  number: (f) => `${q(f)} is not a valid number`,
  invalidOption: (f) => `${q(f)} is not an allowed value`,
  valueIsNotAvailable: (f) => `${q(f)} is not an allowed value`,
  select: (f) => `${q(f)} contains an invalid selection`,
  unique: (f) => `${q(f)} must be unique`,
  invalidValueProperty: (f) => `${q(f)} has an invalid value property`,
  jsonLogic: (f) => `${q(f)} does not meet the form's condition`,
  custom: (f) => `${q(f)} is not valid`,
};

/** One of form.io's raw errors, as processSync leaves it in scope.errors. */
export interface RawFormError {
  errorKeyOrMessage: string;
  ruleName: string;
  context: Vars & { component: Record<string, unknown>; field?: string; path: string };
}

export interface FormErrorText {
  message: string;
  messageEn: string;
}

/** Vietnamese and English text of one form.io error. */
export function formErrorText(error: RawFormError): FormErrorText {
  const { errorKeyOrMessage: key, context } = error;
  const component = context.component ?? {};
  const designed = (component.errors as Record<string, unknown> | undefined)?.[key];
  // form.io puts the designer's customMessage (or patternMessage) in place of the error key.
  const custom = typeof designed === 'string' && designed ? designed : VI[key] ? undefined : key;
  if (custom) {
    const text = interpolate(custom, context);
    return { message: text, messageEn: text };
  }
  const field = fieldName(component, context);
  return { message: VI[key](field, context), messageEn: EN[key](field, context) };
}

function fieldName(component: Record<string, unknown>, context: Vars): string {
  if (typeof context.field === 'string' && context.field) return context.field;
  for (const k of ['errorLabel', 'label', 'placeholder', 'key']) if (typeof component[k] === 'string' && component[k]) return component[k] as string;
  return '';
}

function interpolate(text: string, context: Vars): string {
  try {
    return Evaluator.interpolateString(text, context);
  } catch {
    return text;
  }
}

/** "Các giá trị được phép: …" and its English twin, for a list of fixed choices. */
export function allowedValuesText(allowed: unknown[]): FormErrorText {
  const list = allowed.map((v) => JSON.stringify(v)).join(', ');
  return { message: `Các giá trị được phép: ${list}`, messageEn: `Allowed values: ${list}` };
}
