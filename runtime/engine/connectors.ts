/**
 * Connectors: what service and send tasks call, by the name in `esb:connector`.
 * One registry per runtime; each outside system registers under its name, and a name
 * registered twice is a programming error. The server registers its local implementations
 * of the standard names; tests register their own.
 */
import { RuntimeError } from './errors.js';

/** Names a diagram may use for the standard outside systems. */
export const STANDARD_CONNECTORS = ['notify', 'request-payment', 'issue-result', 'portal-sync', 'http'] as const;

export interface ConnectorCall {
  tenantId: string;
  instanceId: string;
  /** The dossier id the instance runs for. */
  businessKey: string | null;
  elementId: string;
  /** Stable across retries of the same call: use it as the idempotency key towards the outside system. */
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** The task's `esb:input` values, resolved when the task was reached. */
  input: Record<string, unknown>;
}

export interface ConnectorResult {
  /** Merged into the process variables before the process goes on. */
  variables?: Record<string, unknown>;
  /**
   * The call ended in a BPMN error: it is raised on the task, whose boundary error event
   * with this `errorCode` (or without an error reference) catches it. Not retried; a code
   * no boundary catches becomes an incident. Set by the runner from a `ConnectorBpmnError`.
   */
  bpmnError?: { code: string; message: string };
}

/**
 * Thrown by a connector when the outside system gave a business answer the diagram models
 * as a BPMN error (the platform refused the payment, say), as a Camunda external task's
 * `handleBpmnError`. Any other exception is a technical failure, retried with backoff.
 */
export class ConnectorBpmnError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
  ) {
    super(message);
    this.name = 'ConnectorBpmnError';
  }
}

/** Calls a connector, turning a `ConnectorBpmnError` into a result; other errors propagate. */
export async function callConnector(connector: Connector, call: ConnectorCall): Promise<ConnectorResult> {
  try {
    return (await connector(call)) ?? {};
  } catch (err) {
    if (err instanceof ConnectorBpmnError) return { bpmnError: { code: err.code, message: err.message } };
    throw err;
  }
}

export type Connector = (call: ConnectorCall) => Promise<ConnectorResult | void> | ConnectorResult | void;

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before the second try; doubled for each further one. */
  backoffSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, backoffSeconds: 30 };

export class ConnectorRegistry {
  private readonly entries = new Map<string, { connector: Connector; policy: RetryPolicy }>();

  constructor(private readonly defaultPolicy: RetryPolicy = DEFAULT_RETRY_POLICY) {}

  register(name: string, connector: Connector, policy?: Partial<RetryPolicy>): this {
    if (this.entries.has(name)) {
      throw new RuntimeError('connector.duplicate', `A connector named "${name}" is already registered`, { connector: name });
    }
    this.entries.set(name, { connector, policy: { ...this.defaultPolicy, ...policy } });
    return this;
  }

  get(name: string): Connector {
    const entry = this.entries.get(name);
    if (!entry) throw new RuntimeError('connector.unknown', `No connector named "${name}" is registered`, { connector: name });
    return entry.connector;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  policy(name: string): RetryPolicy {
    return this.entries.get(name)?.policy ?? this.defaultPolicy;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }
}
