/**
 * Checks the signature of a signed PDF from its bytes: the byte ranges the signature claims to
 * cover, their digest against the CMS message digest, and the CMS signature against the
 * signer's certificate. Trust in that certificate is a separate question, answered only when
 * the caller names the certificates it trusts.
 */
import crypto from 'node:crypto';
import { certificateParts, digestName, findSignerCertificate, nameAttributes, OID, parseSignedData, verifySignatureValue } from './cms.js';
import { decodeOid, readDer } from './der.js';
import { decodeTextString, dictionaryAround, parsePdfDate, type PdfValue } from './pdf-syntax.js';

export interface SignerIdentity {
  commonName: string;
  organization: string;
  organizationalUnit?: string;
  /** Serial number of the signer's certificate, in hex. */
  serialNumber: string;
  certificatePem: string;
}

export interface PdfSignatureCheck {
  /** The signed bytes are unchanged and the signature was made with the certificate's key. */
  valid: boolean;
  signer?: SignerIdentity;
  /** Claimed by the signer (/M, or a signing-time attribute): no timestamp authority vouches for it. */
  signedAt?: Date;
  /** Nothing was appended after signing (an incremental update would be outside the ranges). */
  coversWholeDocument: boolean;
  reason?: string;
  location?: string;
  name?: string;
  subFilter?: string;
  /** How many signatures the file carries; the one checked is the one covering the most bytes. */
  signatureCount: number;
  /** Only when trusted certificates were given: the signer's chain ends in one of them. */
  trusted?: boolean;
  /** Why `valid` is false. */
  problem?: string;
}

export interface VerifyOptions {
  /** PEM or DER certificates (a unit's own, or a CA's) that a signer must chain to. */
  trustedCertificates?: (string | Buffer)[];
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

const text = (value: PdfValue | undefined) => (value?.kind === 'string' ? decodeTextString(value.bytes) : undefined);

function identity(der: Buffer): SignerIdentity {
  const parts = certificateParts(der);
  const subject = nameAttributes(parts.subject);
  const ou = subject.get(OID.organizationalUnit);
  return {
    commonName: subject.get(OID.commonName) ?? '',
    organization: subject.get(OID.organization) ?? '',
    ...(ou ? { organizationalUnit: ou } : {}),
    serialNumber: parts.serial.value.toString('hex'),
    certificatePem: new crypto.X509Certificate(der).toString(),
  };
}

/** Walks issuer links (through the certificates the CMS carries) to one of the anchors. */
function chainsToAnchor(signerDer: Buffer, carried: Buffer[], anchors: crypto.X509Certificate[], at: Date): boolean {
  const pool = carried.map((der) => new crypto.X509Certificate(der));
  let current = new crypto.X509Certificate(signerDer);
  for (let depth = 0; depth < 6; depth += 1) {
    const inForce = new Date(current.validFrom) <= at && at <= new Date(current.validTo);
    if (!inForce) return false;
    if (anchors.some((anchor) => anchor.fingerprint256 === current.fingerprint256)) return true;
    const anchor = anchors.find((a) => current.checkIssued(a) && current.verify(a.publicKey));
    if (anchor) return true;
    const issuer = pool.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) return false;
    current = issuer;
  }
  return false;
}

export function verifyPdfSignature(pdf: Buffer, options: VerifyOptions = {}): PdfSignatureCheck {
  const ranges = [...pdf.toString('latin1').matchAll(BYTE_RANGE)].map((m) => ({ at: m.index!, r: m.slice(1, 5).map(Number) }));
  const result: PdfSignatureCheck = { valid: false, coversWholeDocument: false, signatureCount: ranges.length };
  if (ranges.length === 0) return { ...result, problem: 'The file has no signature' };
  const { at, r } = ranges.reduce((best, next) => (next.r[2] + next.r[3] > best.r[2] + best.r[3] ? next : best));
  const [start, firstLength, secondStart, secondLength] = r;
  result.coversWholeDocument = start === 0 && secondStart + secondLength === pdf.length;

  if (start !== 0 || firstLength <= 0 || secondStart <= firstLength || secondStart + secondLength > pdf.length) {
    return { ...result, problem: 'The byte range is malformed or runs past the end of the file' };
  }
  const dict = dictionaryAround(pdf, at, 'ByteRange');
  const contents = dict?.entries.get('Contents');
  // The gap between the two ranges must be exactly this dictionary's /Contents, or a signature
  // could be made to vouch for bytes it never covered.
  if (!dict || contents?.kind !== 'string' || !contents.hex || contents.start !== firstLength || contents.end !== secondStart) {
    return { ...result, problem: 'The signed ranges do not exclude exactly the signature value' };
  }
  const subFilter = dict.entries.get('SubFilter');
  const m = text(dict.entries.get('M'));
  Object.assign(result, {
    reason: text(dict.entries.get('Reason')),
    location: text(dict.entries.get('Location')),
    name: text(dict.entries.get('Name')),
    subFilter: subFilter?.kind === 'name' ? subFilter.value : undefined,
    signedAt: m ? parsePdfDate(m) : undefined,
  });

  try {
    const cms = parseSignedData(readDer(contents.bytes).raw);
    const signer = cms.signers[0];
    if (cms.signers.length !== 1 || !signer) return { ...result, problem: 'The signature must have exactly one signer' };
    const certificate = findSignerCertificate(signer, cms.certificates);
    if (!certificate) return { ...result, problem: "The signer's certificate is not in the signature" };
    result.signer = identity(certificate.der);
    const hash = digestName(signer.digestAlgorithm);
    if (!hash) return { ...result, problem: `Unsupported digest algorithm ${signer.digestAlgorithm}` };
    if (cms.hasEncapsulatedContent) return { ...result, problem: 'A PDF signature must be detached' };

    const digest = crypto
      .createHash(hash)
      .update(pdf.subarray(start, firstLength))
      .update(pdf.subarray(secondStart, secondStart + secondLength))
      .digest();
    let signedBytes: Buffer;
    if (signer.signedAttributes) {
      const messageDigest = signer.attributes.get(OID.messageDigest)?.[0]?.value;
      if (!messageDigest || !messageDigest.equals(digest)) return { ...result, problem: 'The document was changed after it was signed' };
      const contentType = signer.attributes.get(OID.contentType)?.[0];
      if (!contentType || decodeOid(contentType) !== cms.encapsulatedContentType) {
        return { ...result, problem: 'The signed content type does not match the signature' };
      }
      signedBytes = signer.signedAttributes;
      const signingTime = signer.attributes.get(OID.signingTime)?.[0];
      if (signingTime && !result.signedAt) result.signedAt = asn1Time(signingTime.value.toString('latin1'), signingTime.tag);
    } else {
      signedBytes = Buffer.concat([pdf.subarray(start, firstLength), pdf.subarray(secondStart, secondStart + secondLength)]);
    }
    if (!verifySignatureValue(signer, certificate.der, signedBytes)) {
      return { ...result, problem: 'The signature value does not match the signed data and certificate' };
    }
    if (options.trustedCertificates) {
      const anchors = options.trustedCertificates.map((c) => new crypto.X509Certificate(c));
      result.trusted = chainsToAnchor(certificate.der, cms.certificates, anchors, result.signedAt ?? new Date());
    }
    return { ...result, valid: true };
  } catch (err) {
    // Whatever a hostile file holds, the answer is "not valid", never an exception.
    return { ...result, problem: `The signature cannot be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** UTCTime (0x17, YYMMDDHHMMSSZ) or GeneralizedTime (0x18, YYYYMMDDHHMMSSZ). */
function asn1Time(value: string, tag: number): Date | undefined {
  const m = (tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/).exec(value);
  if (!m) return undefined;
  const year = tag === 0x17 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
