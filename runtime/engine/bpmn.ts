/**
 * The small part of bpmn-elements' object model the runtime touches, typed loosely: the
 * library's own typings describe more than they guarantee, and every use here is checked
 * by the scenario tests.
 */

export interface ElementRef {
  id: string;
  type?: string;
  name?: string;
  executionId?: string;
}

/** An activity (bpmn-elements `Activity`), as the owner of an API or an extension. */
export interface ActivityLike {
  id: string;
  type: string;
  name?: string;
  behaviour: Record<string, unknown> & {
    attachedTo?: ElementRef;
    eventDefinitions?: Array<{ type: string; behaviour?: Record<string, unknown> }>;
    loopCharacteristics?: unknown;
    Service?: unknown;
  };
  environment: EnvironmentLike;
  isRunning: boolean;
  executionId?: string;
  execution?: { getPostponed(): ApiLike[] };
  parentElement?: ActivityLike | ProcessLike;
  isSubProcess?: boolean;
  broker: BrokerLike;
}

export interface ProcessLike {
  id: string;
  type: string;
  environment: EnvironmentLike;
}

export interface EnvironmentLike {
  variables: Record<string, unknown>;
  options: Record<string, unknown>;
  resolveExpression(expression: string, message?: unknown, fnContext?: unknown): unknown;
  assignVariables(vars: Record<string, unknown>): void;
}

export interface BrokerLike {
  subscribeTmp(exchange: string, pattern: string, fn: (routingKey: string, message: MessageLike) => void, options?: Record<string, unknown>): unknown;
  cancel(consumerTag: string): void;
}

export interface MessageLike {
  fields: Record<string, unknown> & { routingKey?: string; redelivered?: boolean };
  content: Record<string, unknown> & { id: string; executionId: string; parent?: ElementRef };
  properties: Record<string, unknown>;
}

/** bpmn-elements `Api` for an element message. */
export interface ApiLike {
  id: string;
  type: string;
  name?: string;
  executionId: string;
  content: Record<string, unknown> & {
    message?: { id?: string; name?: string; messageType?: string };
    escalation?: { id?: string };
    expect?: { id?: string; code?: string };
    parent?: ElementRef & { path?: ElementRef[] };
    isRootScope?: boolean;
  };
  owner: ActivityLike;
  environment: EnvironmentLike;
  signal(message?: unknown, options?: unknown): void;
  sendApiMessage(action: string, content?: Record<string, unknown>, options?: unknown): void;
  resolveExpression(expression: string): unknown;
  getPostponed(): ApiLike[];
}
