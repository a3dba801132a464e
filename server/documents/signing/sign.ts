/**
 * Signing a result file with the unit's certificate, PAdES baseline B-B style: a detached CMS
 * (subFilter ETSI.CAdES.detached) over the whole file but the signature value itself, with an
 * invisible signature field. The file can come from anywhere (the official uploads it), so it
 * is loaded with pdf-lib, given the signature field and written out again; @signpdf/signpdf
 * then fills in the byte range and the signature.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFInvalidObject, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { errors } from '../../errors.js';
import { buildSignedData } from './cms.js';
import { readP12, type SigningKey } from './keystore.js';

export { readP12 };
export type { P12Signer } from './keystore.js';
import type { P12Signer } from './keystore.js';

export interface SignatureInfo {
  /** Why the file is signed: "Ký số kết quả giải quyết thủ tục hành chính". */
  reason: string;
  /** Where: "Phường Phúc Xá, quận Ba Đình, Hà Nội". */
  location: string;
  /** The signer as the unit wants it shown: "Ủy ban nhân dân phường Phúc Xá". */
  name: string;
  /** Contact for questions about the signature, e.g. the unit's phone. */
  contactInfo?: string;
  /** The claimed signing time (/M); defaults to now. */
  signedAt?: Date;
}

const BYTE_RANGE_PLACEHOLDER = '**********';
const SIG_FLAGS = 3; // SignaturesExist | AppendOnly
const PRINT_FLAG = 4;


class CadesSigner extends Signer {
  constructor(private readonly key: SigningKey) {
    super();
  }

  override async sign(pdfWithoutSignature: Buffer): Promise<Buffer> {
    const contentDigest = crypto.createHash('sha256').update(pdfWithoutSignature).digest();
    return buildSignedData({ contentDigest, signerCertificate: this.key.certificate, chain: this.key.chain, privateKey: this.key.privateKey });
  }
}

/**
 * Adds an invisible signature field whose value is a signature dictionary with placeholders for
 * the byte range and a signature of up to `signatureBytes` bytes.
 */
export async function withSignaturePlaceholder(pdf: Buffer, info: SignatureInfo, signatureBytes: number): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    // updateMetadata: false keeps the file's own producer and dates.
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (err) {
    const encrypted = /encrypted/i.test((err as Error).message);
    throw errors.unprocessable(
      encrypted ? 'signing.pdf_encrypted' : 'signing.pdf_unreadable',
      encrypted ? 'An encrypted PDF cannot be signed; upload it without a password' : `The file is not a readable PDF: ${(err as Error).message}`,
    );
  }
  const page = doc.getPages()[0];
  if (!page) throw errors.unprocessable('signing.pdf_unreadable', 'The PDF has no page');
  const context = doc.context;

  const byteRange = PDFArray.withContext(context);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i += 1) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER));
  const signature = context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(signatureBytes * 2)),
    // Hex UTF-16 text strings: pdf-lib's PDFString writes one byte per character, which would
    // mangle every Vietnamese letter outside Latin-1.
    Reason: PDFHexString.fromText(info.reason),
    Location: PDFHexString.fromText(info.location),
    Name: PDFHexString.fromText(info.name),
    ...(info.contactInfo ? { ContactInfo: PDFHexString.fromText(info.contactInfo) } : {}),
    M: PDFString.fromDate(info.signedAt ?? new Date()),
  });
  // Written as is, outside any object stream, so that its bytes can be found and filled in.
  const bytes = new Uint8Array(signature.sizeInBytes());
  signature.copyBytesInto(bytes, 0);
  const signatureRef = context.register(PDFInvalidObject.of(bytes));

  let acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (!acroForm) {
    acroForm = context.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), context.register(acroForm));
  }
  const flags = acroForm.lookupMaybe(PDFName.of('SigFlags'), PDFNumber)?.asNumber() ?? 0;
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(flags | SIG_FLAGS));
  let fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (!fields) {
    fields = context.obj([]);
    acroForm.set(PDFName.of('Fields'), fields);
  }

  const fieldRef = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: signatureRef,
      T: PDFHexString.fromText(`Signature${fields.size() + 1}`),
      F: PRINT_FLAG,
      P: page.ref,
    }),
  );
  fields.push(fieldRef);
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? context.obj([]);
  annots.push(fieldRef);
  page.node.set(PDFName.of('Annots'), annots);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Signs with a PKCS#12 file and its passphrase, or with a key already opened (a unit's stored one). */
export async function signPdf(pdf: Buffer, signer: P12Signer | SigningKey, info: SignatureInfo): Promise<Buffer> {
  if (pdf.includes('/ByteRange')) {
    // Rewriting the file would break the signature it has; an incremental update is needed for
    // a second signature, and that is not supported yet.
    throw errors.unprocessable('signing.already_signed', 'The PDF is already signed');
  }
  const key = 'p12' in signer ? readP12(signer) : signer;
  const certificatesLength = [key.certificate, ...key.chain].reduce((sum, cert) => sum + cert.length, 0);
  // Room for the certificates, the signed attributes and a 4096-bit signature value.
  const placeholder = await withSignaturePlaceholder(pdf, info, certificatesLength + 2048);
  return new SignPdf().sign(placeholder, new CadesSigner(key));
}
