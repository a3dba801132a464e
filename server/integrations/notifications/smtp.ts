/**
 * E-mail through an SMTP server (nodemailer). Messages are UTF-8 plain text: Vietnamese
 * subjects go out as encoded words and bodies as quoted-printable, which every mail system
 * reads back intact.
 */
import nodemailer from 'nodemailer';
import { PermanentDeliveryError, type NotificationProvider } from './providers.js';

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to send without STARTTLS: set in production, where credentials cross the network. */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  /** The sender, e.g. `"Cổng dịch vụ công tỉnh X" <no-reply@dichvucong.example.vn>`. */
  from: string;
  /** Milliseconds for connecting, greeting and each socket read; well under the worker's lease. */
  timeoutMs?: number;
  /** Accept a self-signed server certificate: for tests and closed networks only. */
  allowSelfSigned?: boolean;
}

export function createSmtpProvider(options: SmtpOptions): NotificationProvider {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    requireTLS: options.requireTls ?? false,
    auth: options.auth,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    tls: options.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
  });
  return {
    channels: ['email'],
    async send(m) {
      try {
        await transport.sendMail({
          from: options.from,
          to: m.destination,
          subject: m.subject,
          text: m.body,
          // Lets the receiving side (and our logs) tie a message to its outbox row.
          messageId: `<${m.id}@notifications.local>`,
          headers: { 'X-Notification-Template': m.template },
        });
      } catch (err) {
        // 5xx is the server's final word (unknown mailbox, refused content); 4xx and network
        // errors are worth another try.
        const code = (err as { responseCode?: unknown }).responseCode;
        if (typeof code === 'number' && code >= 500 && code < 600) {
          throw new PermanentDeliveryError(err instanceof Error ? err.message : String(err), { cause: err });
        }
        throw err;
      }
    },
    async close() {
      transport.close();
    },
  };
}
