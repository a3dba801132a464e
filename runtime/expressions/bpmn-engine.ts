/**
 * Plugging FEEL into bpmn-engine, so that no designer text ever runs as
 * JavaScript. Pass both options to every Engine:
 *
 *   new Engine({ sourceContext, ...safeEngineOptions() })
 *
 * How bpmn-elements 17 uses them (src/flows/SequenceFlow.js, src/condition.js,
 * src/Environment.js):
 * - A sequence flow first asks `scripts.getScript(language, flow)`. If a
 *   script comes back, its `execute(scope, callback)` decides the flow;
 *   otherwise the condition body goes to `expressions.resolveExpression`.
 *   Our `scripts` answers for every condition, so conditions never depend on
 *   how an attribute string is read: FEEL or translated JUEL runs, anything
 *   with a script language is refused with an error, never run.
 * - bpmn-engine's default `scripts` (JavaScripts) compiles `javascript`
 *   conditions and script tasks with node:vm: replacing it is the point.
 *   Script tasks get no script from us, so bpmn-elements stops them with
 *   "Script format … is unsupported".
 * - Every other `${…}` the elements resolve (timer values, message and
 *   signal names, multi-instance collections, `api.resolveExpression` for
 *   candidate groups and assignees) goes to our `resolveExpression`, which
 *   reads attribute text by the rules in compile.ts; in one iteration of a
 *   multi-instance activity it also sees the element variable and loopCounter.
 *
 * Errors are ExpressionErrors thrown (attributes) or passed to the flow's
 * callback (conditions); bpmn-elements turns both into activity errors.
 */
import { ExpressionError } from './errors.js';
import { compileExpression } from './compile.js';
import { evaluateCompiled, evaluateCondition, type VariableContext } from './evaluate.js';

/** What bpmn-elements passes as the context of an expression: `{ environment, ...message }` or an execution scope. */
export interface EngineScope {
  environment?: { variables?: Record<string, unknown> };
  content?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface EngineExpressionOptions {
  /**
   * The FEEL context of one evaluation. Default: the process variables
   * (`environment.variables`). Override to expose more, e.g. a
   * multi-instance element variable from `scope.content`.
   */
  variables?: (scope: EngineScope) => VariableContext;
}

const EMPTY: VariableContext = Object.freeze({}) as VariableContext;

function defaultVariables(scope: EngineScope): VariableContext {
  return (scope?.environment?.variables as VariableContext | undefined) ?? EMPTY;
}

interface LoopOwner {
  behaviour?: { loopCharacteristics?: { behaviour?: { collection?: unknown; elementVariable?: unknown } } };
}

/**
 * One iteration of a multi-instance activity sees, like Camunda's local variables, the
 * collection item under its `camunda:elementVariable` (bpmn-elements' default `item`) and
 * `loopCounter` (0-based), shadowing process variables of the same name. bpmn-elements
 * puts both in the iteration's message content (`content[elementVariable]`, `content.index`),
 * not in `environment.variables`; `api.resolveExpression` passes the activity as `owner`,
 * which says what the element variable is called.
 */
function withLoopVariables(variables: VariableContext, scope: EngineScope | undefined, owner: unknown): VariableContext {
  const content = scope?.content;
  if (!content?.isMultiInstance || typeof content.index !== 'number') return variables;
  const loop = (owner as LoopOwner | undefined)?.behaviour?.loopCharacteristics?.behaviour;
  if (!loop) return variables;
  const local: VariableContext = { loopCounter: content.index };
  if (loop.collection) {
    const name = typeof loop.elementVariable === 'string' && loop.elementVariable ? loop.elementVariable : 'item';
    local[name] = content[name];
  }
  return { ...variables, ...local };
}

/** bpmn-engine's `expressions` option. */
export function createEngineExpressions(options: EngineExpressionOptions = {}) {
  const variablesOf = options.variables ?? defaultVariables;
  return {
    resolveExpression(text: unknown, scope?: EngineScope, owner?: unknown): unknown {
      // bpmn-elements passes through whatever an attribute holds; only text can be an expression.
      if (typeof text !== 'string') return text;
      const compiled = compileExpression(text, 'attribute');
      if (compiled.kind === 'literal') return compiled.value;
      return evaluateCompiled(compiled, withLoopVariables(variablesOf(scope ?? {}), scope, owner));
    },
    /** The whole text is one expression. */
    isExpression(text: unknown): boolean {
      if (typeof text !== 'string') return false;
      try {
        return compileExpression(text, 'attribute').kind === 'feel';
      } catch {
        return false;
      }
    },
    /** The text contains an expression (possibly one that cannot be translated). */
    hasExpression(text: unknown): boolean {
      if (typeof text !== 'string') return false;
      try {
        return compileExpression(text, 'attribute').kind !== 'literal';
      } catch {
        return true;
      }
    },
  };
}

/** Languages a condition may declare and still be an expression rather than a script. */
export function isExpressionLanguage(language: string | undefined | null): boolean {
  if (!language || !language.trim()) return true;
  return /^(feel|juel)$/i.test(language.trim()) || /omg\.org\/spec\/.*feel/i.test(language);
}

interface FlowLike {
  id: string;
  type?: string;
  behaviour?: { conditionExpression?: { body?: string; language?: string } };
}

type Callback = (err: Error | null, result?: unknown) => void;

/** bpmn-engine's `scripts` option: conditions through FEEL, scripts refused. */
export function createSafeScripts(options: EngineExpressionOptions = {}) {
  const variablesOf = options.variables ?? defaultVariables;
  return {
    register(): undefined {
      return undefined;
    },
    getScript(language: string | undefined, element: FlowLike) {
      const condition = element?.behaviour?.conditionExpression;
      if (element?.type !== 'bpmn:SequenceFlow' || !condition) return undefined;
      if (!isExpressionLanguage(language ?? condition.language)) {
        return refused(
          new ExpressionError(
            'expression.script_refused',
            `Sequence flow <${element.id}>: conditions in ${language ?? condition.language} are scripts and are never run; write the condition in FEEL`,
            condition.body ?? '',
          ),
        );
      }
      const body = condition.body ?? '';
      return {
        type: 'feel',
        execute(scope: EngineScope, callback: Callback) {
          let result: boolean;
          try {
            result = evaluateCondition(body, variablesOf(scope));
          } catch (err) {
            return callback(withFlow(element.id, err));
          }
          return callback(null, result);
        },
      };
    },
  };
}

/** Both options, to spread into `new Engine({...})`. */
export function safeEngineOptions(options: EngineExpressionOptions = {}) {
  return {
    expressions: createEngineExpressions(options),
    scripts: createSafeScripts(options),
  };
}

function refused(error: ExpressionError) {
  return {
    type: 'refused',
    execute(_scope: unknown, callback: Callback) {
      return callback(error);
    },
  };
}

function withFlow(flowId: string, err: unknown): Error {
  if (err instanceof ExpressionError) {
    return new ExpressionError(err.code, `Sequence flow <${flowId}>: ${err.message}`, err.expression, err.position);
  }
  return err instanceof Error ? err : new Error(String(err));
}
