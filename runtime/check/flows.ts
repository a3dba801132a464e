/**
 * Outgoing flows of gateways and activities: which path an instance takes
 * must never be left to chance (an unconditional flow beside conditional
 * ones) nor to a dead stop (conditions that can all be false, no default).
 */
import type { ModdleElement } from '../engine/definitions.js';
import type { CompiledFeel } from '../expressions/index.js';
import { conditionsAreExhaustive } from './coverage.js';
import type { ProblemList } from './problems.js';

const DECIDING_GATEWAYS = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);

/**
 * @param conditions compiled conditions by flow (absent: no condition, or an invalid one already reported)
 */
export function checkOutgoing(node: ModdleElement, outgoing: ModdleElement[], conditions: Map<ModdleElement, CompiledFeel>, problems: ProblemList): void {
  const defaultFlow = node.default as ModdleElement | undefined;
  if (defaultFlow && !outgoing.includes(defaultFlow)) {
    problems.add(node, 'gateway.invalid_default', { flowId: String(defaultFlow.id) });
  }
  if (defaultFlow?.conditionExpression) {
    problems.add(defaultFlow, 'gateway.default_has_condition', { gateway: node });
  }

  const conditional = outgoing.filter((flow) => flow !== defaultFlow && flow.conditionExpression);
  const unconditional = outgoing.filter((flow) => flow !== defaultFlow && !flow.conditionExpression);

  if (node.$type === 'bpmn:ParallelGateway') {
    for (const flow of conditional) {
      problems.add(flow, 'gateway.condition_ignored', {}, { severity: 'warning' });
    }
    return;
  }

  if (DECIDING_GATEWAYS.has(node.$type)) {
    if (outgoing.length > 1) {
      for (const flow of unconditional) {
        problems.add(flow, 'gateway.unconditional_flow', { gateway: node });
      }
    }
    if (conditional.length && !defaultFlow && !unconditional.length && !exhaustive(conditional, conditions)) {
      problems.add(node, 'gateway.no_default', {});
    }
    return;
  }

  // Any other element: unconditional flows are always taken, so only all-conditional outgoing flows can stall.
  if (conditional.length && !defaultFlow && !unconditional.length && !exhaustive(conditional, conditions)) {
    problems.add(node, 'flow.conditions_may_all_fail', {});
  }
}

function exhaustive(flows: ModdleElement[], conditions: Map<ModdleElement, CompiledFeel>): boolean {
  return conditionsAreExhaustive(flows.map((flow) => conditions.get(flow)?.fast));
}
