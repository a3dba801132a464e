/** Libraries that ship no types, typed as the studio uses them. */
declare module '@bpmn-io/feel-lint' {
  export interface LintMessage { from: number; to: number; message: string; severity: 'error' | 'warning' | 'info'; type: string }
  export function lintExpression(expression: string, options?: { dialect?: 'expression' | 'unaryTests'; parserDialect?: string }): LintMessage[];
}
declare module 'moment-timezone/moment-timezone' {
  const moment: unknown;
  export default moment;
}
