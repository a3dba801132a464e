/**
 * Which host runs an instance (step-host.ts): a new instance of a version that the compact
 * interpreter can run gets a CompactHost, any other a bpmn-engine EngineHost; a stored
 * instance is recovered by the host its state was written by, whatever the version's plan
 * says now.
 */
import { CompactHost, compactEngineOptions, isCompactState, type CompactHostConfig } from './compact-host.js';
import { compactPlan } from './compact-plan.js';
import { RuntimeError } from './errors.js';
import { EngineHost, type HostConfig } from './host.js';
import type { LeanState } from './state.js';
import type { StepHost } from './step-host.js';

/** The compact host's configuration for this version, when it can run it. */
function compactConfig(config: HostConfig): CompactHostConfig | undefined {
  const { plan } = compactPlan(config.sourceContext);
  const engineOptions = compactEngineOptions(config.engineOptions);
  if (!plan || !engineOptions) return undefined;
  return { plan, sourceContext: config.sourceContext, engineOptions, maxActivitiesPerRun: config.maxActivitiesPerRun };
}

/** True when new instances of this version run on the compact interpreter. */
export function runsCompact(config: HostConfig): boolean {
  return config.compact !== false && !!compactConfig(config);
}

export function startHost(config: HostConfig, variables: Record<string, unknown>): Promise<StepHost> {
  const compact = config.compact !== false ? compactConfig(config) : undefined;
  return compact ? CompactHost.start(compact, variables) : EngineHost.start(config, variables);
}

/** `state` is the engine's own from here on (see EngineHost.recover). */
export function recoverHost(config: HostConfig, state: unknown): Promise<StepHost> {
  if (!isCompactState(state)) return EngineHost.recover(config, state as LeanState);
  const compact = compactConfig(config);
  if (!compact) {
    throw new RuntimeError('instance.state_unreadable', 'The instance was stored by the compact interpreter, which cannot run this version');
  }
  return CompactHost.recover(compact, state);
}
