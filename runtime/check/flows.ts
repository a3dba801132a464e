/**
 * Outgoing flows of gateways and activities: which path an instance takes
 * must never be left to chance (an unconditional flow beside conditional
 * ones) nor to a dead stop (conditions that can all be false, no default).
 */
import type { ModdleElement } from '../engine/definitions.js';
import type { CompiledFeel } from '../expressions/index.js';
import { conditionsAreExhaustive } from './coverage.js';
import { label, type ProblemList } from './problems.js';

const DECIDING_GATEWAYS = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);

/**
 * @param conditions compiled conditions by flow (absent: no condition, or an invalid one already reported)
 */
export function checkOutgoing(node: ModdleElement, outgoing: ModdleElement[], conditions: Map<ModdleElement, CompiledFeel>, problems: ProblemList): void {
  const defaultFlow = node.default as ModdleElement | undefined;
  if (defaultFlow && !outgoing.includes(defaultFlow)) {
    problems.add(node, 'gateway.invalid_default', `The default flow of the ${label(node)} (${defaultFlow.id}) does not leave it`);
  }
  if (defaultFlow?.conditionExpression) {
    problems.add(defaultFlow, 'gateway.default_has_condition', `The ${label(defaultFlow)} is the default flow of the ${label(node)} and also has a condition; a default flow is taken when no condition holds, so remove the condition`);
  }

  const conditional = outgoing.filter((flow) => flow !== defaultFlow && flow.conditionExpression);
  const unconditional = outgoing.filter((flow) => flow !== defaultFlow && !flow.conditionExpression);

  if (node.$type === 'bpmn:ParallelGateway') {
    for (const flow of conditional) {
      problems.add(flow, 'gateway.condition_ignored', `The condition of the ${label(flow)} is ignored: every flow out of a parallel gateway is taken`, { severity: 'warning' });
    }
    return;
  }

  if (DECIDING_GATEWAYS.has(node.$type)) {
    if (outgoing.length > 1) {
      for (const flow of unconditional) {
        problems.add(
          flow,
          'gateway.unconditional_flow',
          `The ${label(flow)} leaves the ${label(node)} without a condition and is not its default flow: give it a condition or make it the default`,
        );
      }
    }
    if (conditional.length && !defaultFlow && !unconditional.length && !exhaustive(conditional, conditions)) {
      problems.add(
        node,
        'gateway.no_default',
        `The conditions leaving the ${label(node)} may all be false and it has no default flow: mark one flow as default`,
      );
    }
    return;
  }

  // Any other element: unconditional flows are always taken, so only all-conditional outgoing flows can stall.
  if (conditional.length && !defaultFlow && !unconditional.length && !exhaustive(conditional, conditions)) {
    problems.add(
      node,
      'flow.conditions_may_all_fail',
      `Every flow leaving the ${label(node)} has a condition, they may all be false, and there is no default flow`,
    );
  }
}

function exhaustive(flows: ModdleElement[], conditions: Map<ModdleElement, CompiledFeel>): boolean {
  return conditionsAreExhaustive(flows.map((flow) => conditions.get(flow)?.fast));
}
