/**
 * One place that turns a pdfmake document definition into PDF bytes. The font is the Roboto
 * that ships inside the pdfmake package (it has every Vietnamese letter); nothing is fetched
 * and no other file is read, whatever a document definition asks for.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { toDate, type DateInput } from '../format.js';

const require = createRequire(import.meta.url);
const fontDir = path.dirname(require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));
const font = (file: string) => path.join(fontDir, file);

// pdfmake is loaded on the first slip, not at start: it is heavy, and a restart must be quick.
let loaded: Promise<typeof import('pdfmake')> | undefined;
function loadPdfmake() {
  loaded ??= import('pdfmake').then(({ default: pdfmake }) => {
    pdfmake.setFonts({
      Roboto: {
        normal: font('Roboto-Regular.ttf'),
        bold: font('Roboto-Medium.ttf'),
        italics: font('Roboto-Italic.ttf'),
        bolditalics: font('Roboto-MediumItalic.ttf'),
      },
    });
    // Data on a slip comes from citizens: an image or font reference must never become a
    // request or a read of some other file.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((file) => path.dirname(path.resolve(file)) === fontDir);
    return pdfmake;
  });
  return loaded;
}

export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  /** Written as the PDF's creation date: from the data, so the same data gives the same bytes. */
  createdAt: DateInput;
}

export const PRODUCER = 'Hệ thống thông tin một cửa điện tử';

/**
 * Text typed on some systems arrives decomposed (a letter, then its combining marks); the font
 * draws precomposed letters far better, and text extracted later should compare as typed.
 */
function composed<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(composed) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, composed(v)])) as T;
  }
  return value;
}

export async function renderPdf(definition: Omit<TDocumentDefinitions, 'info'>, meta: PdfMeta): Promise<Buffer> {
  const createdAt = toDate(meta.createdAt);
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    ...definition,
    content: composed(definition.content),
    defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.2, ...definition.defaultStyle },
    info: {
      title: meta.title.normalize('NFC'),
      author: meta.author.normalize('NFC'),
      subject: (meta.subject ?? meta.title).normalize('NFC'),
      creator: PRODUCER,
      producer: PRODUCER,
      creationDate: createdAt,
      modDate: createdAt,
    },
  };
  const pdfmake = await loadPdfmake();
  return pdfmake.createPdf(doc).getBuffer();
}
