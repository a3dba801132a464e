import type { DefinitionErrorCode, ModdleElement } from '../engine/definitions.js';
import type { EsbPropertyProblem } from '../engine/extension.js';
import { PROBLEM_MESSAGES, type MessageParams } from './messages.js';

export { label } from './messages.js';

/**
 * Stable problem codes: the studio and the publish checks key on them, so a
 * code is never renamed, only added.
 */
export type ProblemCode =
  // The document itself (codes shared with runtime/engine/definitions.ts)
  | DefinitionErrorCode
  | 'diagram.unresolved_reference'
  | 'diagram.xml_warning'
  | 'diagram.not_loadable'
  // Pools and processes
  | 'process.none_executable'
  | 'process.several_executable'
  | 'process.skipped'
  // Elements the runtime cannot run
  | 'element.unsupported'
  | 'script.refused'
  | 'call_activity.missing_process'
  | 'multi_instance.no_collection'
  // Expressions
  | 'condition.script'
  | 'condition.empty'
  | 'condition.invalid'
  | 'expression.invalid'
  | 'expression.not_an_expression'
  | 'timer.missing_value'
  | 'timer.invalid_value'
  // Tasks
  | 'user_task.unassigned'
  | 'service_task.java'
  | 'service_task.external'
  | 'service_task.camunda_connector'
  | 'service_task.no_connector'
  | 'service_task.unknown_connector'
  | 'camunda.listener'
  | 'camunda.input_output_ignored'
  | EsbPropertyProblem['code']
  // Gateways and flows
  | 'gateway.no_default'
  | 'gateway.unconditional_flow'
  | 'gateway.default_has_condition'
  | 'gateway.invalid_default'
  | 'gateway.condition_ignored'
  | 'flow.conditions_may_all_fail'
  // Graph
  | 'graph.no_start'
  | 'graph.no_end'
  | 'graph.unreachable'
  | 'graph.cannot_reach_end'
  | 'graph.dead_end'
  | 'graph.loop_without_wait';

export type Severity = 'error' | 'warning';

export interface Problem {
  /** The element at fault; '' for the document as a whole. */
  elementId: string;
  elementName?: string;
  /** Its BPMN type, e.g. "bpmn:UserTask"; "bpmn:Definitions" for the document. */
  elementType: string;
  code: ProblemCode;
  /** English, as the API has always given it. */
  message: string;
  /** The same in Vietnamese, for the studio (Vietnamese first). */
  messageVi: string;
  /** Errors refuse publishing; warnings are shown and let it pass. */
  severity: Severity;
  /** For BPMN the runtime cannot run: exactly what, e.g. "bpmn:ScriptTask", "bpmn:EndEvent[signal]". */
  unsupported?: string;
}

export interface CheckResult {
  /** True when there is no problem of severity 'error'. */
  ok: boolean;
  problems: Problem[];
}

/** Collects problems in the order they are found, one per element and code and message. */
export class ProblemList {
  readonly problems: Problem[] = [];
  private readonly seen = new Set<string>();

  /** The message is built from the code's entry in messages.ts; `element` is passed to it. */
  add<C extends ProblemCode>(
    element: ModdleElement | undefined,
    code: C,
    params: Omit<MessageParams<C>, 'element'>,
    options: { severity?: Severity; unsupported?: string } = {},
  ): void {
    const text = (PROBLEM_MESSAGES[code] as (p: unknown) => { en: string; vi: string })({ element, ...params });
    const message = text.en;
    const elementId = element?.id ?? '';
    const key = `${elementId}\u0000${code}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const name = typeof element?.name === 'string' ? element.name.replace(/\s+/g, ' ').trim() : '';
    this.problems.push({
      elementId,
      ...(name && { elementName: name }),
      elementType: element?.$type ?? 'bpmn:Definitions',
      code,
      message,
      messageVi: text.vi,
      severity: options.severity ?? 'error',
      ...(options.unsupported && { unsupported: options.unsupported }),
    });
  }

  result(): CheckResult {
    return { ok: !this.problems.some((problem) => problem.severity === 'error'), problems: this.problems };
  }
}
