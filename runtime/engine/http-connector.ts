/**
 * The `http` connector, for the data-sharing platform (LGSP) and similar services. A diagram
 * names the URL, so the server would call wherever a designer wrote: only URLs under a
 * configured base URL are called, redirects are not followed (they could leave the list),
 * and a slow or huge answer is cut off.
 *
 * Inputs: `url` (required), `method` (GET), `body` (sent as JSON), `resultVariable`
 * (default `httpResponse`). The answer becomes `{ status, body }` in that variable.
 * A non-2xx answer is a failure: the job is retried, then becomes an incident; unless the
 * `errorCodes` input maps its status to a BPMN error code (`404=parcel-not-found, 409=duplicate`):
 * then the call ends in that BPMN error, for the task's boundary error event to catch.
 */
import { ConnectorBpmnError, type Connector, type ConnectorCall } from './connectors.js';
import { RuntimeError } from './errors.js';

export interface HttpConnectorOptions {
  /** e.g. `https://lgsp.example.gov.vn/api/`; a URL must start with one of these, path boundary included. */
  allowedBaseUrls: string[];
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Headers added to every request (an API key of the platform, say). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export function createHttpConnector(options: HttpConnectorOptions): Connector {
  const bases = options.allowedBaseUrls.map(normalizeBase);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;

  return async function httpConnector(call: ConnectorCall) {
    const url = allowedUrl(call.input.url, bases);
    const errorCodes = parseErrorCodes(call.input.errorCodes);
    const method = String(call.input.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw new Error(`HTTP method ${method} is not allowed`);
    const hasBody = call.input.body !== undefined && method !== 'GET';
    const response = await doFetch(url, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        accept: 'application/json',
        // The same key on every retry of this call: the platform can drop duplicates.
        'idempotency-key': call.jobId,
        ...options.headers,
        ...(hasBody && { 'content-type': 'application/json' }),
      },
      ...(hasBody && { body: JSON.stringify(call.input.body) }),
    });
    const text = await readLimited(response, maxBytes);
    if (response.status < 200 || response.status >= 300) {
      const message = `HTTP ${response.status} from ${url.origin}${url.pathname}`;
      const code = errorCodes.get(response.status);
      if (code) throw new ConnectorBpmnError(code, message);
      throw new Error(message);
    }
    const body = /json/i.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
    const variable = typeof call.input.resultVariable === 'string' && call.input.resultVariable ? call.input.resultVariable : 'httpResponse';
    return { variables: { [variable]: { status: response.status, body } } };
  };
}

/** `404=parcel-not-found, 409=duplicate` → status → BPMN error code. A malformed entry is a failure, not a guess. */
function parseErrorCodes(value: unknown): Map<number, string> {
  const codes = new Map<number, string>();
  if (value === undefined || value === null || value === '') return codes;
  for (const entry of String(value).split(/[,;\s]+/).filter(Boolean)) {
    const match = /^([1-5]\d\d)=([^=]+)$/.exec(entry);
    if (!match) throw new Error(`errorCodes: "${entry}" is not STATUS=errorCode`);
    codes.set(Number(match[1]), match[2]);
  }
  return codes;
}

function normalizeBase(base: string): URL {
  const url = new URL(base);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Not an HTTP base URL: ${base}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** The URL if it lies under one of the bases: same scheme, host and port, and a path below the base's. */
export function allowedUrl(value: unknown, bases: URL[]): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new RuntimeError('connector.url_not_allowed', `Not a URL: ${String(value)}`);
  }
  const allowed =
    !url.username &&
    !url.password &&
    bases.some((base) => url.protocol === base.protocol && url.host === base.host && (url.pathname + '/').startsWith(base.pathname));
  if (!allowed) {
    throw new RuntimeError('connector.url_not_allowed', `${url.origin}${url.pathname} is not under an allowed base URL`, {
      url: `${url.origin}${url.pathname}`,
    });
  }
  return url;
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`The answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
