/**
 * One registry per kind of outside system (notification channels, portal senders, payment
 * providers). A provider registers under a name once: a second registration under the same
 * name is a wiring mistake (two configs fighting over one name), so it throws instead of
 * silently replacing the first.
 */
export class Registry<T> {
  private readonly items = new Map<string, T>();

  /** `kind` only names the registry in error messages ("payment provider"). */
  constructor(readonly kind: string) {}

  register(name: string, provider: T): this {
    if (!/^[a-z][a-z0-9_-]{0,39}$/.test(name)) throw new Error(`Invalid ${this.kind} name "${name}"`);
    if (this.items.has(name)) throw new Error(`A ${this.kind} named "${name}" is already registered`);
    this.items.set(name, provider);
    return this;
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  /** The provider, or undefined: for names that come from outside (a URL segment). */
  find(name: string): T | undefined {
    return this.items.get(name);
  }

  /** The provider; a missing one is a configuration error, not a client error. */
  get(name: string): T {
    const provider = this.items.get(name);
    if (!provider) throw new Error(`No ${this.kind} named "${name}" is registered`);
    return provider;
  }

  names(): string[] {
    return [...this.items.keys()];
  }
}

/**
 * Delay before the next try after `attempts` failed ones: base, 2×base, 4×base... capped.
 * Exponential so that an outage is not hammered; capped so that recovery is noticed soon.
 */
export function backoffMs(attempts: number, baseSeconds: number, maxSeconds: number): number {
  const seconds = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.round(seconds * 1000);
}

export function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // last_error is for operators; a runaway provider message must not bloat the row.
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
}
