/**
 * `checkExecutable(xml)`: every reason a diagram cannot run here, each with
 * the element, a stable code and a message for the designer. Run on every
 * publish; it never throws, whatever the input.
 *
 * Pools: exactly one process must be executable (isExecutable="true"); the
 * other pools (the citizen, another agency) are documentation and are
 * skipped with a warning. With no executable process at all, every process
 * is checked, so the designer learns everything at once.
 *
 * Finally the diagram is prepared exactly as runtime/engine/definitions.ts
 * will prepare it, so that a diagram that passes always loads.
 */
import serializer from 'moddle-context-serializer';
import {
  createTypeResolver,
  DefinitionError,
  leaveOutWhatCannotLoad,
  readDiagram,
  type ModdleContext,
  type ModdleElement,
} from '../engine/definitions.js';
import type { CompiledFeel } from '../expressions/index.js';
import { eventKind, NOT_A_NODE, unsupportedFeature, type ScopeKind } from './elements.js';
import { checkCondition, checkTimer } from './expressions.js';
import { checkOutgoing } from './flows.js';
import { checkGraph, type Scope } from './graph.js';
import { poolText, UNSUPPORTED } from './messages.js';
import { ProblemList, type CheckResult, type Severity } from './problems.js';
import { checkTask, type TaskCheckOptions } from './tasks.js';

export interface CheckOptions {
  /** Processes that exist elsewhere (published services) and may be called. */
  knownProcessIds?: string[];
  /** When given, an esb:connector not in this list is a problem. */
  knownConnectors?: string[];
  /**
   * A user task with no candidate group, candidate user or assignee reaches
   * nobody's queue: an error by default. Camunda's own examples have such
   * tasks; pass 'warning' to accept them (e.g. a sandbox test-run).
   */
  unassignedUserTask?: Severity;
}

export async function checkExecutable(xml: string, options: CheckOptions = {}): Promise<CheckResult> {
  const problems = new ProblemList();
  let context: ModdleContext;
  try {
    context = await readDiagram(xml);
  } catch (err) {
    if (err instanceof DefinitionError) problems.add(undefined, err.code, { detail: err.detail });
    else problems.add(undefined, 'definition.malformed_xml', { detail: err instanceof Error ? err.message : String(err) });
    return problems.result();
  }
  try {
    checkDocument(context, problems, options);
  } catch (err) {
    // A gap in the checks themselves must still refuse the diagram, not crash the publish request.
    problems.add(undefined, 'diagram.not_loadable', { reason: err instanceof Error ? err.message : String(err), partial: true });
  }
  return problems.result();
}

const FLOW_REFERENCES = new Set(['bpmn:sourceRef', 'bpmn:targetRef', 'bpmn:attachedToRef', 'bpmn:default', 'bpmn:errorRef', 'bpmn:escalationRef', 'bpmn:messageRef']);

function checkDocument(context: ModdleContext, problems: ProblemList, options: CheckOptions): void {
  for (const warning of context.warnings) {
    const property = (warning as { property?: string }).property;
    const element = warning.element?.id ? warning.element : undefined;
    const message = warning.message.split('\n')[0];
    if (property && FLOW_REFERENCES.has(property)) {
      problems.add(element, 'diagram.unresolved_reference', { warning: message, property: property.replace(/^bpmn:/, '') });
    } else {
      problems.add(element, 'diagram.xml_warning', { warning: message }, { severity: 'warning' });
    }
  }

  const rootElements = (context.rootElement.rootElements as ModdleElement[] | undefined) ?? [];
  const processes = rootElements.filter((element) => element.$type === 'bpmn:Process');
  const executable = processes.filter((process) => process.isExecutable === true);
  const pools = poolsByProcess(rootElements);

  if (!processes.length) {
    problems.add(context.rootElement, 'process.none_executable', { processes: 0 });
  } else if (!executable.length) {
    problems.add(processes[0], 'process.none_executable', { processes: processes.length });
  }
  executable.slice(1).forEach((process) => {
    problems.add(process, 'process.several_executable', { pool: poolText(process, pools.get(process)) });
  });

  const checked = executable.length ? executable : processes;
  for (const process of processes) {
    if (!checked.includes(process)) {
      problems.add(process, 'process.skipped', { pool: poolText(process, pools.get(process)) }, { severity: 'warning' });
    }
  }

  const taskOptions: TaskCheckOptions = {
    unassignedUserTask: options.unassignedUserTask ?? 'error',
    knownConnectors: options.knownConnectors,
    knownProcessIds: options.knownProcessIds,
    processIds: new Set(processes.map((process) => process.id as string)),
  };
  for (const process of checked) {
    checkScope(process, 'process', problems, taskOptions);
    checkTask(process, problems, taskOptions);
  }

  checkLoadable(context, problems);
}

function checkScope(container: ModdleElement, kind: ScopeKind, problems: ProblemList, options: TaskCheckOptions): void {
  const flowElements = (container.flowElements as ModdleElement[] | undefined) ?? [];
  const nodes = flowElements.filter((element) => !NOT_A_NODE.has(element.$type));
  if (kind === 'subprocess' && !nodes.length) {
    problems.add(container, 'graph.no_start', { scope: 'empty' });
    return;
  }
  const flows = flowElements.filter((element) => element.$type === 'bpmn:SequenceFlow');

  const conditions = new Map<ModdleElement, CompiledFeel>();
  for (const flow of flows) {
    const compiled = checkCondition(flow, problems);
    if (compiled) conditions.set(flow, compiled);
  }

  for (const node of nodes) {
    const unsupported = unsupportedFeature(node, kind);
    if (unsupported) {
      const code = node.$type === 'bpmn:ScriptTask' ? 'script.refused' : 'element.unsupported';
      problems.add(node, code, { reason: unsupported.reason }, { unsupported: unsupported.feature });
    }
    for (const definition of (node.eventDefinitions as ModdleElement[] | undefined) ?? []) {
      if (eventKind(definition) === 'timer') checkTimer(node, definition, problems);
    }
    checkTask(node, problems, options);
    checkOutgoing(
      node,
      flows.filter((flow) => flow.sourceRef === node),
      conditions,
      problems,
    );
    // An event sub-process is refused as a whole; its inside would only repeat that.
    if (isEventSubProcess(node)) continue;
    if (node.$type === 'bpmn:SubProcess' || node.$type === 'bpmn:AdHocSubProcess' || node.$type === 'bpmn:Transaction') {
      checkScope(node, 'subprocess', problems, options);
    }
  }

  // Event sub-processes have no incoming flows by design: leave them out of reachability.
  const scope: Scope = { element: container, kind, nodes: nodes.filter((node) => !isEventSubProcess(node)), flows };
  checkGraph(scope, problems);
}

/** Serialize as the engine will; report what still cannot load and was not named already. */
function checkLoadable(context: ModdleContext, problems: ProblemList): void {
  leaveOutWhatCannotLoad(context);
  try {
    serializer(context as never, createTypeResolver());
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const unknownType = /Unknown activity type (\S+)/.exec(message)?.[1];
    if (!unknownType) {
      problems.add(undefined, 'diagram.not_loadable', { reason: message });
      return;
    }
    // Typically in a pool that is skipped as not executable: the engine still loads every pool.
    for (const element of Object.values(context.elementsById)) {
      if (element.$type !== unknownType) continue;
      if (problems.problems.some((problem) => problem.elementId === element.id && problem.unsupported)) continue;
      problems.add(element, 'element.unsupported', { reason: UNSUPPORTED.unloadable(unknownType) }, { unsupported: unknownType });
    }
  }
}

function isEventSubProcess(node: ModdleElement): boolean {
  return node.$type === 'bpmn:SubProcess' && node.triggeredByEvent === true;
}

function poolsByProcess(rootElements: ModdleElement[]): Map<ModdleElement, ModdleElement> {
  const pools = new Map<ModdleElement, ModdleElement>();
  for (const collaboration of rootElements.filter((element) => element.$type === 'bpmn:Collaboration')) {
    for (const participant of (collaboration.participants as ModdleElement[] | undefined) ?? []) {
      const process = participant.processRef as ModdleElement | undefined;
      if (process) pools.set(process, participant);
    }
  }
  return pools;
}
