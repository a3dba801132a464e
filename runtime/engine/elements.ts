/**
 * Element behaviours the runtime puts in place of bpmn-elements' own, given to the
 * definition parser (`elements`), so every engine of every version runs them.
 *
 * bpmn-elements 17 runs an inclusive gateway with several incoming flows as a merge: each
 * arriving token passes on, so the step after a split-and-join ran once per branch. An
 * inclusive join must wait for every incoming flow that can still deliver. bpmn-elements
 * already propagates "discarded" along the paths a split did not take, and its parallel join
 * waits until every incoming flow has been taken or discarded, then goes on if any was
 * taken: that is the inclusive join's rule, so an inclusive gateway with several incoming
 * flows is given the parallel join's inbound handling, and keeps its own outgoing
 * evaluation (every flow whose condition holds, else the default).
 */
import { Activity } from 'bpmn-elements';
import * as Gateways from 'bpmn-elements/gateways';

// The package's typings do not declare the behaviours it exports from ./gateways.
const { InclusiveGatewayBehaviour } = Gateways as unknown as { InclusiveGatewayBehaviour: unknown };

type ActivityConstructor = new (behaviour: unknown, activityDef: Record<string, unknown>, context: unknown) => unknown;

export function InclusiveGateway(activityDef: Record<string, unknown>, context: unknown): unknown {
  return new (Activity as unknown as ActivityConstructor)(InclusiveGatewayBehaviour, { ...activityDef, isParallelGateway: true }, context);
}

export const runtimeElements: Record<string, unknown> = { InclusiveGateway };
