/**
 * Who delivers a notification: a provider per name in a registry, and a route from each
 * channel (e-mail, SMS) to one provider. Adding a real SMS gateway means writing one
 * `NotificationProvider` with `channels: ['sms']`, registering it and routing 'sms' to it.
 */
import { Registry } from '../registry.js';

export type NotificationChannel = 'email' | 'sms';

/** What a provider gets: the outbox row's content, never the row itself. */
export interface OutgoingNotification {
  id: string;
  tenantId: string | null;
  channel: NotificationChannel;
  destination: string;
  template: string;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  /** 1 on the first try. */
  attempt: number;
}

export interface NotificationProvider {
  readonly channels: readonly NotificationChannel[];
  /** Resolves once the message is handed over; throws to have it retried. */
  send(message: OutgoingNotification): Promise<void>;
  close?(): Promise<void>;
}

/**
 * A refusal that retrying cannot fix (a mailbox that does not exist, a malformed number):
 * the row fails at once instead of using up its tries over hours.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

export class NotificationRegistry extends Registry<NotificationProvider> {
  private readonly routes = new Map<NotificationChannel, string>();

  constructor() {
    super('notification provider');
  }

  /** Sends `channel` through the provider registered as `name` from now on. */
  route(channel: NotificationChannel, name: string): this {
    const provider = this.get(name);
    if (!provider.channels.includes(channel)) throw new Error(`Notification provider "${name}" cannot send ${channel}`);
    this.routes.set(channel, name);
    return this;
  }

  routedChannels(): NotificationChannel[] {
    return [...this.routes.keys()];
  }

  forChannel(channel: NotificationChannel): { name: string; provider: NotificationProvider } {
    const name = this.routes.get(channel);
    if (!name) throw new Error(`No notification provider is routed for ${channel}`);
    return { name, provider: this.get(name) };
  }
}

/**
 * The local provider (demo, tests): delivers nowhere. The outbox row, marked sent, is the
 * record of what would have gone out; tests read the message (a one-time code) from it.
 */
export const localProvider: NotificationProvider = {
  channels: ['email', 'sms'],
  async send() {},
};

export interface LogLine {
  notificationId: string;
  channel: NotificationChannel;
  /** Masked: logs are read by more people than the outbox. */
  to: string;
  template: string;
  bodyLength: number;
}

/**
 * Logs that an SMS would be sent, without its text (it may carry a one-time code). Stands in
 * for an SMS gateway until one is contracted; the outbox row still holds the full message.
 */
export function createLogProvider(log: (line: LogLine) => void, channels: readonly NotificationChannel[] = ['sms']): NotificationProvider {
  return {
    channels,
    async send(m) {
      const to = m.destination.length > 3 ? `${'*'.repeat(m.destination.length - 3)}${m.destination.slice(-3)}` : '***';
      log({ notificationId: m.id, channel: m.channel, to, template: m.template, bodyLength: m.body.length });
    },
  };
}

/** A registry with the local provider routed for both channels: the demo's and tests' setup. */
export function createNotificationRegistry(): NotificationRegistry {
  return new NotificationRegistry().register('local', localProvider).route('email', 'local').route('sms', 'local');
}
