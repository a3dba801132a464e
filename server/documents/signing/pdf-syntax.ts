/**
 * Reading a signature dictionary straight from a PDF's bytes: the verifier must look at exactly
 * the bytes that were signed, not at what a full PDF parser makes of a possibly tampered file.
 * This knows the PDF object syntax (ISO 32000-1, 7.3) well enough to walk one dictionary.
 */

export type PdfValue =
  | { kind: 'name'; value: string }
  | { kind: 'string'; bytes: Buffer; start: number; end: number; hex: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'other'; raw: string };

export interface PdfDictionary {
  start: number;
  end: number;
  entries: Map<string, PdfValue>;
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

class Reader {
  constructor(
    readonly pdf: Buffer,
    public at: number,
  ) {}

  skipSpace(): void {
    for (;;) {
      const c = this.pdf[this.at];
      if (c === undefined) return;
      if (WHITESPACE.has(c)) this.at += 1;
      else if (c === 0x25 /* % */) while (this.at < this.pdf.length && this.pdf[this.at] !== 0x0a && this.pdf[this.at] !== 0x0d) this.at += 1;
      else return;
    }
  }

  peek(text: string): boolean {
    return this.pdf.toString('latin1', this.at, this.at + text.length) === text;
  }

  regular(): string {
    const from = this.at;
    while (this.at < this.pdf.length && !WHITESPACE.has(this.pdf[this.at]) && !DELIMITERS.has(this.pdf[this.at])) this.at += 1;
    return this.pdf.toString('latin1', from, this.at);
  }

  literalString(): Buffer {
    const out: number[] = [];
    let depth = 0;
    this.at += 1;
    for (;;) {
      const c = this.pdf[this.at++];
      if (c === undefined) throw new SyntaxError('unterminated string');
      if (c === 0x5c /* \ */) {
        const e = this.pdf[this.at++];
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (e === undefined) throw new SyntaxError('unterminated string');
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let octal = String.fromCharCode(e);
          while (octal.length < 3 && this.pdf[this.at] >= 0x30 && this.pdf[this.at] <= 0x37) octal += String.fromCharCode(this.pdf[this.at++]);
          out.push(parseInt(octal, 8) & 0xff);
        } else if (e === 0x0d) {
          if (this.pdf[this.at] === 0x0a) this.at += 1;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        depth += 1;
        out.push(c);
      } else if (c === 0x29) {
        if (depth === 0) return Buffer.from(out);
        depth -= 1;
        out.push(c);
      } else out.push(c);
    }
  }

  hexString(): Buffer {
    const close = this.pdf.indexOf(0x3e, this.at);
    if (close < 0) throw new SyntaxError('unterminated hex string');
    let hex = this.pdf.toString('latin1', this.at + 1, close).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw new SyntaxError('bad hex string');
    if (hex.length % 2) hex += '0';
    this.at = close + 1;
    return Buffer.from(hex, 'hex');
  }

  value(): PdfValue {
    this.skipSpace();
    const start = this.at;
    if (this.peek('<<')) {
      const nested = this.dictionary();
      return { kind: 'other', raw: this.pdf.toString('latin1', nested.start, nested.end) };
    }
    const c = this.pdf[this.at];
    if (c === 0x2f /* / */) {
      this.at += 1;
      return { kind: 'name', value: this.regular().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) };
    }
    if (c === 0x28) {
      const bytes = this.literalString();
      return { kind: 'string', bytes, start, end: this.at, hex: false };
    }
    if (c === 0x3c) {
      const bytes = this.hexString();
      return { kind: 'string', bytes, start, end: this.at, hex: true };
    }
    if (c === 0x5b /* [ */) {
      this.at += 1;
      const items: string[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pdf[this.at] === 0x5d) break;
        if (this.at >= this.pdf.length) throw new SyntaxError('unterminated array');
        const item = this.value();
        items.push(item.kind === 'number' ? String(item.value) : item.kind === 'other' ? item.raw : item.kind);
      }
      this.at += 1;
      return { kind: 'other', raw: `[${items.join(' ')}]` };
    }
    const token = this.regular();
    if (!token) throw new SyntaxError(`unexpected byte at ${this.at}`);
    // "12 0 R" is a reference: keep it whole so that it is not taken for numbers.
    const save = this.at;
    this.skipSpace();
    const generation = this.regular();
    this.skipSpace();
    if (/^\d+$/.test(token) && /^\d+$/.test(generation) && this.pdf[this.at] === 0x52 /* R */) {
      this.at += 1;
      return { kind: 'other', raw: `${token} ${generation} R` };
    }
    this.at = save;
    return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(token) ? { kind: 'number', value: Number(token) } : { kind: 'other', raw: token };
  }

  dictionary(): PdfDictionary {
    const start = this.at;
    if (!this.peek('<<')) throw new SyntaxError('expected a dictionary');
    this.at += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.peek('>>')) {
        this.at += 2;
        return { start, end: this.at, entries };
      }
      if (this.pdf[this.at] !== 0x2f) throw new SyntaxError(`expected a key at ${this.at}`);
      const key = this.value() as { kind: 'name'; value: string };
      entries.set(key.value, this.value());
    }
  }
}

/** The dictionary that holds the byte at `inside`, found by trying each "<<" before it. */
export function dictionaryAround(pdf: Buffer, inside: number, mustHave: string): PdfDictionary | undefined {
  let from = inside;
  for (let tries = 0; tries < 32; tries += 1) {
    const open = pdf.lastIndexOf('<<', from);
    if (open < 0) return undefined;
    try {
      const dict = new Reader(pdf, open).dictionary();
      if (dict.end > inside && dict.entries.has(mustHave)) return dict;
    } catch {
      // A "<<" inside a string or a nested dictionary: keep looking further back.
    }
    from = open - 1;
  }
  return undefined;
}

/** PDF text strings: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding (≈ Latin-1). */
export function decodeTextString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    if (swapped.length % 2) return '';
    return swapped.swap16().toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}

/** `D:20251104003000+07'00'` (ISO 32000-1, 7.9.4); missing fields default as the standard says. */
export function parsePdfDate(text: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?|[+-]\d{2})?/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = m;
  let offset = 0;
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2})'?(\d{2})?/.exec(zone)!;
    offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
  }
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offset * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
