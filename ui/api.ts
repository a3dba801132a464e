/**
 * The API client every app uses. The access token lives in memory only; the refresh token in
 * sessionStorage (it survives a reload of the tab, not the closing of it). A 401 triggers one
 * refresh (shared by every request waiting on it), which rotates the refresh token; if that
 * fails the session is over and the app is told.
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Array<{ path: string; message: string; code?: string }>;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.message || `HTTP ${status}`);
  }
  get code() {
    return this.body.code;
  }
}

export interface SessionUser {
  id: string;
  kind: 'staff' | 'citizen';
  username: string;
  fullName: string;
  roles: string[];
  tenantId: string | null;
  unitId: string | null;
}

interface TokenReply {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: SessionUser;
}

const REFRESH_KEY = 'esb.refresh';

export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  user: SessionUser | null = null;
  /** Called when the session ends (refresh refused, or logout). */
  onSignedOut: () => void = () => {};

  constructor(private readonly base = '') {}

  get signedIn() {
    return !!this.accessToken;
  }

  async login(username: string, password: string): Promise<SessionUser> {
    const reply = await this.send<TokenReply>('POST', '/api/auth/login', { username, password }, false);
    this.keep(reply);
    return reply.user;
  }

  /** Restores the session of this tab from its refresh token, if there is one. */
  async resume(): Promise<boolean> {
    if (this.signedIn) return true;
    if (!storage()?.getItem(REFRESH_KEY)) return false;
    return this.refresh();
  }

  async logout(): Promise<void> {
    const token = storage()?.getItem(REFRESH_KEY);
    this.forget();
    if (token) await this.send('POST', '/api/auth/logout', { refreshToken: token }, false).catch(() => undefined);
    this.onSignedOut();
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /**
   * While true, requests are sent with `keepalive`, so they outlive the page: set around the
   * save a closing tab starts (bodies over the browsers' 64 KiB keepalive quota go normally).
   */
  keepalive = false;

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.send<T>(method, path, body, true);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      if (!(await this.refresh())) {
        this.onSignedOut();
        throw err;
      }
      return this.send<T>(method, path, body, true);
    }
  }

  /**
   * Uploads a file as multipart (field `file`) with progress, through XHR: fetch reports no
   * upload progress. Refreshes once on 401 like `request`.
   */
  async upload<T>(path: string, file: File, onProgress?: (fraction: number) => void): Promise<T> {
    const once = () =>
      new Promise<T>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', this.base + path);
        if (this.accessToken) xhr.setRequestHeader('authorization', `Bearer ${this.accessToken}`);
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
        xhr.onload = () => {
          const parsed = xhr.responseText ? safeJson(xhr.responseText) : undefined;
          if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed as T);
          reject(new ApiError(xhr.status, toErrorBody(parsed, xhr.status)));
        };
        xhr.onerror = () => reject(new ApiError(0, { code: 'network', message: 'network error' }));
        const data = new FormData();
        data.append('file', file, file.name);
        xhr.send(data);
      });
    try {
      return await once();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && (await this.refresh())) return once();
      throw err;
    }
  }

  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const token = storage()?.getItem(REFRESH_KEY);
      if (!token) return false;
      try {
        this.keep(await this.send<TokenReply>('POST', '/api/auth/refresh', { refreshToken: token }, false));
        return true;
      } catch {
        this.forget();
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private keep(reply: TokenReply) {
    this.accessToken = reply.accessToken;
    this.user = reply.user;
    storage()?.setItem(REFRESH_KEY, reply.refreshToken);
  }

  private forget() {
    this.accessToken = null;
    this.user = null;
    storage()?.removeItem(REFRESH_KEY);
  }

  private async send<T>(method: string, path: string, body: unknown, auth: boolean): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    let res: Response;
    try {
      const json = body === undefined ? undefined : JSON.stringify(body);
      const keepalive = this.keepalive && (json?.length ?? 0) < 60_000;
      res = await fetch(this.base + path, { method, headers, body: json, ...(keepalive && { keepalive }) });
    } catch {
      throw new ApiError(0, { code: 'network', message: 'network error' });
    }
    const text = await res.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!res.ok) throw new ApiError(res.status, toErrorBody(parsed, res.status));
    return parsed as T;
  }
}

function storage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toErrorBody(parsed: unknown, status: number): ApiErrorBody {
  if (parsed && typeof parsed === 'object' && 'code' in parsed) return parsed as ApiErrorBody;
  return { code: `http.${status}`, message: typeof parsed === 'string' ? parsed : `HTTP ${status}` };
}
