export type ExpressionErrorCode =
  /** Nothing to evaluate: blank text, `${}` or a lone `=`. */
  | 'expression.empty'
  /** Longer than MAX_EXPRESSION_LENGTH: no legitimate condition is, and it bounds parser work. */
  | 'expression.too_long'
  | 'expression.feel_syntax'
  | 'expression.juel_syntax'
  /** Valid JUEL that we refuse to translate (method calls, arithmetic, bean references…). */
  | 'expression.juel_unsupported'
  /** Text mixed with `${…}` where a single expression is required (a condition). */
  | 'expression.template_not_allowed'
  /** A condition that evaluated to something other than true or false. */
  | 'expression.not_boolean'
  /** FEEL itself failed while evaluating (feelin throws on some type mixes). */
  | 'expression.evaluation_failed'
  /** A condition written in a script language: never run. */
  | 'expression.script_refused';

export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  /** The expression as written in the diagram or form. */
  readonly expression: string;
  /** Offset of the offending part in `expression`, when known. */
  readonly position?: number;

  constructor(code: ExpressionErrorCode, message: string, expression: string, position?: number) {
    super(message);
    this.name = 'ExpressionError';
    this.code = code;
    this.expression = expression;
    if (position !== undefined) this.position = position;
  }
}

export const MAX_EXPRESSION_LENGTH = 4000;
