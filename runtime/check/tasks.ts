/**
 * What each kind of task needs to run here: user tasks someone to do them,
 * service and send tasks one of our connectors (never Java), multi-instance
 * a collection, and no Camunda listener or script anywhere.
 */
import type { ModdleElement } from '../engine/definitions.js';
import { readEsbProperties, type EsbSource } from '../engine/extension.js';
import { checkAttribute, checkExpressionAttribute } from './expressions.js';
import type { ProblemList, Severity } from './problems.js';

export interface TaskCheckOptions {
  /** Severity of a user task with neither candidate group, candidate user nor assignee. */
  unassignedUserTask: Severity;
  /** Connector names the runtime knows; when given, any other esb:connector is a problem. */
  knownConnectors?: readonly string[];
  /** Process ids a call activity may call besides those in the file. */
  knownProcessIds?: readonly string[];
  /** Ids of the processes in this file. */
  processIds: ReadonlySet<string>;
}

const ASSIGNMENT = ['candidateGroups', 'candidateUsers', 'assignee'] as const;

export function checkTask(element: ModdleElement, problems: ProblemList, options: TaskCheckOptions): void {
  switch (element.$type) {
    case 'bpmn:UserTask':
      checkUserTask(element, problems, options);
      break;
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      checkConnectorTask(element, problems, options);
      break;
    case 'bpmn:CallActivity':
      checkCallActivity(element, problems, options);
      break;
  }
  checkEsbProperties(element, problems);
  checkCamundaExtensions(element, problems);
}

function checkUserTask(task: ModdleElement, problems: ProblemList, options: TaskCheckOptions): void {
  const given = ASSIGNMENT.filter((attribute) => typeof task[attribute] === 'string' && (task[attribute] as string).trim());
  if (!given.length) {
    problems.add(task, 'user_task.unassigned', {}, { severity: options.unassignedUserTask });
  }
  for (const attribute of [...ASSIGNMENT, 'dueDate', 'followUpDate'] as const) {
    checkAttribute(task, `camunda:${attribute}`, task[attribute], problems);
  }
  const loop = task.loopCharacteristics as ModdleElement | undefined;
  if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
    const cardinality = (loop.loopCardinality as ModdleElement | undefined)?.body;
    const collection = loop.collection;
    if (!cardinality && !collection) {
      problems.add(task, 'multi_instance.no_collection', {});
    }
    checkAttribute(task, 'loopCardinality', cardinality, problems);
    checkAttribute(task, 'camunda:collection', collection, problems);
    checkExpressionAttribute(task, 'completionCondition', (loop.completionCondition as ModdleElement | undefined)?.body, problems);
  }
}

function checkConnectorTask(task: ModdleElement, problems: ProblemList, options: TaskCheckOptions): void {
  const java = (['class', 'delegateExpression', 'expression'] as const).filter((attribute) => typeof task[attribute] === 'string' && task[attribute]);
  for (const attribute of java) {
    problems.add(task, 'service_task.java', { attribute, value: String(task[attribute]) });
  }
  const external = task.type === 'external' || typeof task.topic === 'string';
  if (external) {
    problems.add(task, 'service_task.external', {});
  }
  const camundaConnector = extensionValues(task).some((value) => value.$type === 'camunda:Connector');
  if (camundaConnector) {
    problems.add(task, 'service_task.camunda_connector', {});
  }
  const connector = typeof task.connector === 'string' ? task.connector.trim() : '';
  if (!connector) {
    if (!java.length && !external && !camundaConnector) {
      problems.add(task, 'service_task.no_connector', {});
    }
    return;
  }
  if (options.knownConnectors && !options.knownConnectors.includes(connector)) {
    problems.add(task, 'service_task.unknown_connector', { connector, known: options.knownConnectors.join(', ') });
  }
}

function checkCallActivity(activity: ModdleElement, problems: ProblemList, options: TaskCheckOptions): void {
  const called = typeof activity.calledElement === 'string' ? activity.calledElement.trim() : '';
  if (!called) {
    problems.add(activity, 'call_activity.missing_process', {});
    return;
  }
  const compiled = checkAttribute(activity, 'calledElement', called, problems);
  if (compiled?.kind !== 'literal') return;
  if (!options.processIds.has(called) && !options.knownProcessIds?.includes(called)) {
    problems.add(activity, 'call_activity.missing_process', { called });
  }
}

function checkEsbProperties(element: ModdleElement, problems: ProblemList): void {
  const { properties, problems: found } = readEsbProperties(element as EsbSource);
  for (const problem of found) problems.add(element, problem.code, { attribute: problem.code === 'esb.conflict' ? 'conflict' : problem.attribute, value: problem.value, invalidKeys: problem.invalidKeys, duplicateKeys: problem.duplicateKeys });
  for (const input of properties.inputs ?? []) checkAttribute(element, `esb:input ${input.name}`, input.value, problems);
}

function checkCamundaExtensions(element: ModdleElement, problems: ProblemList): void {
  for (const value of extensionValues(element)) {
    if (value.$type === 'camunda:ExecutionListener' || value.$type === 'camunda:TaskListener') {
      problems.add(element, 'camunda.listener', { taskListener: value.$type === 'camunda:TaskListener' });
    }
    if (value.$type === 'camunda:InputOutput') {
      if (containsScript(value)) {
        problems.add(element, 'script.refused', {});
      } else {
        problems.add(element, 'camunda.input_output_ignored', {}, { severity: 'warning' });
      }
    }
  }
}

export function extensionValues(element: ModdleElement): ModdleElement[] {
  const values = (element.extensionElements as ModdleElement | undefined)?.values;
  return Array.isArray(values) ? (values as ModdleElement[]) : [];
}

function containsScript(root: ModdleElement): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const current = stack.pop();
    if (!current || typeof current !== 'object') continue;
    if ((current as ModdleElement).$type === 'camunda:Script') return true;
    for (const [key, value] of Object.entries(current)) {
      if (key !== '$parent' && value && typeof value === 'object') stack.push(value);
    }
  }
  return false;
}
