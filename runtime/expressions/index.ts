/**
 * Expressions: FEEL (feelin) over process variables, and the simple part of
 * Camunda 7's JUEL translated to FEEL. How text is recognised: compile.ts.
 */
export { ExpressionError, MAX_EXPRESSION_LENGTH, type ExpressionErrorCode } from './errors.js';
export { compileExpression, type CompiledExpression, type CompiledFeel, type CompiledLiteral, type CompiledTemplate, type ExpressionRole } from './compile.js';
export {
  evaluateCondition,
  evaluateExpression,
  resolveAttribute,
  evaluateCompiled,
  parseCheck,
  listVariables,
  expressionReferences,
  type ParseCheck,
  type VariableContext,
} from './evaluate.js';
export { translateJuel } from './juel.js';
export type { FeelReferences } from './feel-syntax.js';
export {
  createEngineExpressions,
  createSafeScripts,
  safeEngineOptions,
  isExpressionLanguage,
  type EngineExpressionOptions,
  type EngineScope,
} from './bpmn-engine.js';
