/**
 * The parts every administrative document shares (Decree 30/2020/NĐ-CP): the issuing body and
 * national motto side by side, the dated line, a centred title, labelled fields, and the
 * signature blocks at the foot. The slips compose these, so they all look alike.
 */
import type { Content, ContentCanvas, ContentText, TableCell } from 'pdfmake/interfaces.js';
import { vnLongDate, type DateInput } from '../format.js';

/** Left 30 mm, right 20 mm, top and bottom 20 mm, as Decree 30 asks for an A4 document. */
export const PORTRAIT_MARGINS: [number, number, number, number] = [85, 57, 57, 50];
export const PORTRAIT_WIDTH = 595.28 - 85 - 57;
export const LANDSCAPE_MARGINS: [number, number, number, number] = [57, 50, 42, 45];
export const LANDSCAPE_WIDTH = 841.89 - 57 - 42;

export interface IssuingUnit {
  /** As printed, e.g. "Ủy ban nhân dân phường Phúc Xá". */
  name: string;
  /** The body above it, printed over its name, e.g. "Ủy ban nhân dân quận Ba Đình". */
  parentName?: string;
  /** The place of the dated line: "Phúc Xá, ngày 04 tháng 11 năm 2025". */
  place: string;
  address?: string;
  phone?: string;
  /** The one-stop counter that receives and returns dossiers. */
  receivingDepartment?: string;
}

/** A short centred rule under a heading, drawn inside a column of the given width. */
function rule(columnWidth: number, length: number): ContentCanvas {
  const x1 = Math.max(0, (columnWidth - length) / 2);
  return { canvas: [{ type: 'line', x1, y1: 2, x2: x1 + length, y2: 2, lineWidth: 0.6 }], margin: [0, 0, 0, 2] };
}

export interface HeaderOptions {
  unit: IssuingUnit;
  dated: DateInput;
  /** Document number, printed as "Số: ..." under the unit. */
  number?: string;
  width?: number;
}

export function nationalHeader({ unit, dated, number, width = PORTRAIT_WIDTH }: HeaderOptions): Content {
  const gap = 8;
  const left = Math.round(width * 0.42);
  const right = width - left - gap;
  return {
    columnGap: gap,
    margin: [0, 0, 0, 14],
    columns: [
      {
        width: left,
        stack: [
          ...(unit.parentName ? [{ text: unit.parentName.toUpperCase(), alignment: 'center' as const, fontSize: 10 }] : []),
          { text: unit.name.toUpperCase(), bold: true, alignment: 'center', fontSize: 10 },
          rule(left, 60),
          ...(number ? [{ text: `Số: ${number}`, alignment: 'center' as const, fontSize: 10, margin: [0, 4, 0, 0] as [number, number, number, number] }] : []),
        ],
      },
      {
        width: right,
        stack: [
          { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, alignment: 'center', fontSize: 10.5 },
          { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, alignment: 'center', fontSize: 11 },
          rule(right, 150),
          { text: `${unit.place}, ${vnLongDate(dated)}`, italics: true, alignment: 'center', margin: [0, 4, 0, 0] },
        ],
      },
    ],
  };
}

/** The form's number in the circular, printed small above the header ("Mẫu số 01"). */
export function formNumber(text: string): Content {
  return { text, alignment: 'right', italics: true, fontSize: 9, margin: [0, -28, 0, 14] };
}

export function title(text: string, ...sublines: string[]): Content {
  return {
    margin: [0, 4, 0, 12],
    stack: [
      { text, bold: true, fontSize: 13, alignment: 'center' },
      ...sublines.map((line) => ({ text: line, alignment: 'center' as const, italics: true })),
    ],
  };
}

/** "Label: value", the value in bold so a reader finds the facts at a glance. */
export function field(label: string, value: string | undefined, margin: [number, number, number, number] = [0, 2, 0, 2]): Content {
  return { text: [`${label}: `, { text: value && value.trim() ? value : '……………………', bold: Boolean(value && value.trim()) }], margin };
}

/**
 * Left-aligned, not justified: pdfmake justifies by widening every break point, including the
 * one inside "ông/bà", which then reads (and copies) as two words.
 */
export function paragraph(text: string | (string | ContentText)[], margin: [number, number, number, number] = [0, 3, 0, 3]): Content {
  return { text, margin };
}

export interface SignatureBlock {
  /** In capitals on the form: "NGƯỜI TIẾP NHẬN HỒ SƠ". */
  title: string;
  /** The instruction under it: "(Ký và ghi rõ họ tên)". */
  hint: string;
  name?: string;
}

export function signatures(blocks: SignatureBlock[]): Content {
  return {
    margin: [0, 16, 0, 0],
    unbreakable: true,
    columns: blocks.map((block) => ({
      width: '*',
      stack: [
        { text: block.title, bold: true, alignment: 'center' },
        { text: block.hint, italics: true, alignment: 'center', fontSize: 10 },
        { text: block.name ?? ' ', bold: true, alignment: 'center', margin: [0, 52, 0, 0] },
      ],
    })),
  };
}

/** A bordered table whose first row is a bold, centred, repeated header. */
export function grid(headers: string[], rows: TableCell[][], widths: (number | string)[], fontSize = 10): Content {
  return {
    fontSize,
    margin: [0, 4, 0, 8],
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [headers.map((h) => ({ text: h, bold: true, alignment: 'center' as const })), ...rows],
    },
  };
}

/** Page numbers for documents that may run over one page. */
export function pageFooter(currentPage: number, pageCount: number): Content {
  return pageCount > 1 ? { text: `Trang ${currentPage}/${pageCount}`, alignment: 'center', fontSize: 9, margin: [0, 16, 0, 0] } : '';
}
