/**
 * One-time codes for verifying a citizen's phone or e-mail and for password resets.
 * Six digits, ten minutes, five tries; sent through the notification outbox in the same
 * transaction that creates them. Only a hash is stored.
 */
import crypto from 'node:crypto';
import type { Trx } from '../db/connect.js';
import type { Account } from '../db/database.js';
import { errors } from '../errors.js';
import { maskDestination, queueNotification } from '../integrations/notifications/index.js';

export const OTP_TTL_MINUTES = 10;
export const OTP_MAX_ATTEMPTS = 5;

const hashCode = (accountId: string, code: string) =>
  crypto.createHash('sha256').update(`${accountId}:${code}`).digest('hex');

export function destinationOf(account: Pick<Account, 'email' | 'phone'>): { channel: 'email' | 'sms'; destination: string } {
  if (account.email) return { channel: 'email', destination: account.email };
  if (account.phone) return { channel: 'sms', destination: account.phone };
  throw errors.badRequest('auth.no_contact', 'The account has neither a phone number nor an e-mail address');
}

const texts = {
  verify: {
    subject: 'Mã xác thực tài khoản Dịch vụ công',
    body: (code: string) => `Mã xác thực tài khoản Dịch vụ công của bạn là ${code}. Mã có hiệu lực trong ${OTP_TTL_MINUTES} phút.`,
  },
  reset: {
    subject: 'Mã đặt lại mật khẩu Dịch vụ công',
    body: (code: string) => `Mã đặt lại mật khẩu của bạn là ${code}. Mã có hiệu lực trong ${OTP_TTL_MINUTES} phút. Nếu không phải bạn yêu cầu, hãy bỏ qua tin này.`,
  },
};

/** Creates a code (voiding earlier ones of the same purpose) and queues its message. */
export async function sendOtp(trx: Trx, account: Account, purpose: 'verify' | 'reset') {
  const { channel, destination } = destinationOf(account);
  const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
  await trx
    .updateTable('otp_codes')
    .set({ used_at: new Date() })
    .where('account_id', '=', account.id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await trx
    .insertInto('otp_codes')
    .values({
      account_id: account.id,
      purpose,
      channel,
      destination,
      code_hash: hashCode(account.id, code),
      expires_at: new Date(Date.now() + OTP_TTL_MINUTES * 60_000),
    })
    .execute();
  await queueNotification(trx, {
    accountId: account.id,
    channel,
    destination,
    template: `otp.${purpose}`,
    subject: texts[purpose].subject,
    body: texts[purpose].body(code),
    payload: { code, purpose },
  });
  return { channel, destination: maskDestination(channel, destination) };
}

/** Consumes a code. A wrong code counts against the code's tries; the caller's transaction
 * must commit that count even when it then fails, so this returns a verdict, never throws. */
export async function checkOtp(trx: Trx, accountId: string, purpose: 'verify' | 'reset', code: string): Promise<'ok' | 'wrong' | 'expired'> {
  const row = await trx
    .selectFrom('otp_codes')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .orderBy('created_at', 'desc')
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.expires_at <= new Date() || row.attempts >= OTP_MAX_ATTEMPTS) return 'expired';
  const a = Buffer.from(row.code_hash, 'hex');
  const b = Buffer.from(hashCode(accountId, code), 'hex');
  if (!crypto.timingSafeEqual(a, b)) {
    await trx.updateTable('otp_codes').set({ attempts: row.attempts + 1 }).where('id', '=', row.id).execute();
    return 'wrong';
  }
  await trx.updateTable('otp_codes').set({ used_at: new Date() }).where('id', '=', row.id).execute();
  return 'ok';
}

export function otpError(verdict: 'wrong' | 'expired') {
  return verdict === 'wrong'
    ? errors.field('/code', 'auth.otp_wrong', 'The code is wrong')
    : errors.field('/code', 'auth.otp_expired', 'The code has expired or was used up: ask for a new one');
}
