/**
 * Just enough DER to read and write CMS signatures and certificates. Reading keeps every
 * element's exact bytes and offsets: a signature is checked over the bytes the signer produced,
 * never over a re-encoding of them.
 */

export interface DerNode {
  /** The identifier octet: 0x30 SEQUENCE, 0x31 SET, 0xa0 [0], ... */
  tag: number;
  /** The whole element, header included. */
  raw: Buffer;
  /** The contents, without the header. */
  value: Buffer;
  children: DerNode[];
}

export class DerError extends Error {}

function readLength(buf: Buffer, at: number): { length: number; size: number } {
  const first = buf[at];
  if (first === undefined) throw new DerError('truncated length');
  if (first < 0x80) return { length: first, size: 1 };
  const count = first & 0x7f;
  // 0x80 is BER's indefinite length, which DER forbids; more than 4 octets is no real CMS.
  if (count === 0 || count > 4) throw new DerError('unsupported length encoding');
  let length = 0;
  for (let i = 1; i <= count; i += 1) {
    const byte = buf[at + i];
    if (byte === undefined) throw new DerError('truncated length');
    length = length * 256 + byte;
  }
  return { length, size: 1 + count };
}

/** Reads the element at `offset`; bytes after it (a signature's zero padding) are ignored. */
export function readDer(buf: Buffer, offset = 0): DerNode {
  const tag = buf[offset];
  if (tag === undefined) throw new DerError('no element');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in CMS');
  const { length, size } = readLength(buf, offset + 1);
  const start = offset + 1 + size;
  const end = start + length;
  if (end > buf.length) throw new DerError('element runs past the end');
  const node: DerNode = { tag, raw: buf.subarray(offset, end), value: buf.subarray(start, end), children: [] };
  if (tag & 0x20) {
    for (let at = start; at < end; ) {
      const child = readDer(buf, at);
      node.children.push(child);
      at += child.raw.length;
    }
  }
  return node;
}

/** The n-th child, or an error naming what was expected there. */
export function child(node: DerNode, index: number, what: string): DerNode {
  const found = node.children[index];
  if (!found) throw new DerError(`missing ${what}`);
  return found;
}

export function decodeOid(node: DerNode): string {
  if (node.tag !== 0x06) throw new DerError('expected an OBJECT IDENTIFIER');
  const bytes = node.value;
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** Decodes the string types X.500 names use. */
export function decodeString(node: DerNode): string {
  switch (node.tag) {
    case 0x0c: // UTF8String
      return node.value.toString('utf8');
    case 0x1e: {
      // BMPString: UTF-16 big-endian.
      const swapped = Buffer.from(node.value);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString, read as Latin-1 as most software does
      return node.value.toString('latin1');
    default:
      throw new DerError(`not a string type: 0x${node.tag.toString(16)}`);
  }
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const value = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
export const set = (...items: Buffer[]) => tlv(0x31, ...items);
export const octetString = (bytes: Buffer) => tlv(0x04, bytes);
export const nullValue = () => Buffer.from([0x05, 0x00]);
export const integer = (n: number) => tlv(0x02, Buffer.from([n]));
/** Context-specific constructed tag `[n]`. */
export const context = (n: number, ...items: Buffer[]) => tlv(0xa0 | n, ...items);

export function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [a * 40 + b];
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f];
    for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
