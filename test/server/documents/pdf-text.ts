/** Reads a PDF back the way a person would see it: its text, page by page, and its images. */
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, whatever the image's own colour space. */
  rgba: Uint8ClampedArray;
}

export interface PdfContent {
  pages: string[];
  /** All pages, NFC-normalised, runs of white space collapsed to one space. */
  text: string;
  /** The images painted on each page, decoded. */
  images: PdfImage[][];
  pageSizes: { width: number; height: number }[];
}

interface TextRun {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
}

/**
 * pdf.js gives words and the spaces between them as separate runs. Runs on one line belong
 * together (justified text widens the gaps a little, even inside "ông/bà"); a gap wider than a
 * cell's padding is another table cell or column. A line that ends inside a
 * word (pdfmake wraps "ông/bà" or a URL after "/" or "-") continues on the next without a space.
 */
function pageText(runs: TextRun[]): string {
  let out = '';
  let previous: TextRun | undefined;
  let lineEnded = false;
  for (const run of runs) {
    if (run.str === '') {
      lineEnded ||= run.hasEOL;
      continue;
    }
    if (previous) {
      const sameLine = !lineEnded && Math.abs(previous.transform[5] - run.transform[5]) < 1;
      const gap = run.transform[4] - (previous.transform[4] + previous.width);
      if (sameLine) {
        if (Math.abs(gap) > 6) out += ' ';
      } else if (!/\s$/.test(previous.str) && !/[^\s][/-]$/.test(previous.str)) {
        out += '\n';
      }
    }
    out += run.str;
    lineEnded = run.hasEOL;
    previous = run;
  }
  return out;
}

function toRgba(image: { width: number; height: number; kind: number; data: Uint8ClampedArray }): PdfImage {
  const pixels = image.width * image.height;
  if (image.kind === 3) return { width: image.width, height: image.height, rgba: image.data };
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let i = 0; i < pixels; i += 1) {
    if (image.kind === 2) {
      rgba.set(image.data.subarray(i * 3, i * 3 + 3), i * 4);
    } else {
      // 1 bit per pixel, rows padded to whole bytes.
      const row = Math.floor(i / image.width);
      const col = i % image.width;
      const byte = image.data[row * Math.ceil(image.width / 8) + (col >> 3)];
      const v = (byte >> (7 - (col & 7))) & 1 ? 255 : 0;
      rgba.set([v, v, v], i * 4);
    }
    rgba[i * 4 + 3] = 255;
  }
  return { width: image.width, height: image.height, rgba };
}

export async function readPdf(pdf: Buffer): Promise<PdfContent> {
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  const images: PdfImage[][] = [];
  const pageSizes: { width: number; height: number }[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    pages.push(pageText(content.items.filter((item): item is TextRun & typeof item => 'str' in item)));
    const ops = await page.getOperatorList();
    const names = ops.fnArray.flatMap((fn, i) => (fn === OPS.paintImageXObject ? [String(ops.argsArray[i][0])] : []));
    // Decoded images arrive asynchronously from pdf.js's (in-process) worker.
    images.push(await Promise.all(names.map((name) => new Promise<PdfImage>((resolve) => page.objs.get(name, (img: Parameters<typeof toRgba>[0]) => resolve(toRgba(img)))))));
    const [, , width, height] = page.view;
    pageSizes.push({ width, height });
  }
  await doc.destroy();
  return { pages, text: normalise(pages.join('\n')), images, pageSizes };
}

export const normalise = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();
