/**
 * An independent check of a signed PDF with the `openssl` command: the bytes the ByteRange
 * covers and the CMS signature in /Contents, verified by `openssl cms -verify`, which shares
 * no code with the project's verifier.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** The signed bytes and the DER signature (without /Contents' zero padding) of the last signature. */
export function signatureParts(pdf: Buffer): { signed: Buffer; signature: Buffer; range: number[] } {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (!ranges.length) throw new Error('No /ByteRange in the PDF');
  const range = ranges[ranges.length - 1].slice(1).map(Number);
  const [a, b, c, d] = range;
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  // Between the ranges: <hex>, the signature padded with zeros to the placeholder's size.
  const hex = pdf.subarray(a + b + 1, c - 1).toString('latin1');
  const padded = Buffer.from(hex, 'hex');
  return { signed, signature: padded.subarray(0, derLength(padded)), range };
}

/** Length of the DER value at the start of `der`, header included. */
function derLength(der: Buffer): number {
  const first = der[1];
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  return 2 + n + der.subarray(2, 2 + n).reduce((len, byte) => len * 256 + byte, 0);
}

export interface OpensslResult {
  ok: boolean;
  output: string;
}

/**
 * `openssl cms -verify` of the PDF's signature over its signed bytes: with `caPem`, the signer's
 * chain must end in it; without, only the signature and the content digest are checked.
 */
export function opensslVerify(pdf: Buffer, options: { caPem?: string; signed?: Buffer } = {}): OpensslResult {
  const parts = signatureParts(pdf);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esb-openssl-'));
  try {
    fs.writeFileSync(path.join(dir, 'content.bin'), options.signed ?? parts.signed);
    fs.writeFileSync(path.join(dir, 'signature.der'), parts.signature);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'signature.der'), '-content', path.join(dir, 'content.bin'), '-out', path.join(dir, 'out.bin')];
    if (options.caPem) {
      fs.writeFileSync(path.join(dir, 'ca.pem'), options.caPem);
      args.push('-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any');
    } else {
      args.push('-noverify');
    }
    const run = spawnSync('openssl', args, { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
