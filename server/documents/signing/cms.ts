/**
 * CMS SignedData (RFC 5652) in the shape PAdES baseline B-B asks for (ETSI EN 319 142-1):
 * detached, signed attributes content-type, message-digest and ESS signing-certificate-v2,
 * and no signing-time attribute (the claimed time is the signature dictionary's /M).
 */
import crypto from 'node:crypto';
import { child, context, decodeOid, decodeString, DerError, nullValue, octetString, oid, readDer, sequence, set, tlv, type DerNode } from './der.js';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** Digest algorithms a verifier accepts, by OID, with Node's name for them. */
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms: RSA PKCS#1 v1.5 and ECDSA, by OID; the hash comes from the digest. */
const SIGNATURES: Record<string, 'rsa' | 'ecdsa'> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.5': 'rsa',
  '1.2.840.113549.1.1.11': 'rsa',
  '1.2.840.113549.1.1.12': 'rsa',
  '1.2.840.113549.1.1.13': 'rsa',
  '1.2.840.10045.4.3.2': 'ecdsa',
  '1.2.840.10045.4.3.3': 'ecdsa',
  '1.2.840.10045.4.3.4': 'ecdsa',
};

export const digestName = (algorithmOid: string): string | undefined => DIGESTS[algorithmOid];

/** The parts of an X.509 certificate that CMS refers to, as their exact DER. */
export interface CertificateParts {
  der: Buffer;
  serial: DerNode;
  issuer: DerNode;
  subject: DerNode;
  subjectKeyIdentifier?: Buffer;
}

export function certificateParts(der: Buffer): CertificateParts {
  const cert = readDer(der);
  const tbs = child(cert, 0, 'tbsCertificate');
  // The version is an optional [0]; everything after it shifts by one when present.
  const shift = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
  const parts: CertificateParts = {
    der: cert.raw,
    serial: child(tbs, shift, 'serialNumber'),
    issuer: child(tbs, shift + 2, 'issuer'),
    subject: child(tbs, shift + 4, 'subject'),
  };
  const extensions = tbs.children.find((node) => node.tag === 0xa3);
  for (const extension of extensions?.children[0]?.children ?? []) {
    if (decodeOid(child(extension, 0, 'extnID')) === OID.subjectKeyIdentifier) {
      const inner = readDer(extension.children[extension.children.length - 1].value);
      parts.subjectKeyIdentifier = inner.value;
    }
  }
  return parts;
}

/** The attributes of a distinguished name, by OID (the last one wins when repeated). */
export function nameAttributes(name: DerNode): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const rdn of name.children) {
    for (const pair of rdn.children) {
      try {
        attributes.set(decodeOid(child(pair, 0, 'attribute type')), decodeString(child(pair, 1, 'attribute value')));
      } catch (err) {
        if (!(err instanceof DerError)) throw err;
      }
    }
  }
  return attributes;
}

const attribute = (type: string, value: Buffer) => sequence(oid(type), set(value));

export interface BuildSignedDataInput {
  /** Digest of the signed byte ranges. */
  contentDigest: Buffer;
  signerCertificate: Buffer;
  /** Further certificates of the chain, so a verifier can build the path. */
  chain: Buffer[];
  privateKey: crypto.KeyObject;
}

/** A detached SignedData over a SHA-256 content digest, signed with RSA PKCS#1 v1.5. */
export function buildSignedData({ contentDigest, signerCertificate, chain, privateKey }: BuildSignedDataInput): Buffer {
  const signer = certificateParts(signerCertificate);
  const sha256 = sequence(oid(OID.sha256), nullValue());
  const certHash = crypto.createHash('sha256').update(signer.der).digest();
  // ESSCertIDv2 with the default (SHA-256) hash left out, and IssuerSerial naming the issuer
  // as a directoryName [4]: it binds the signature to this certificate, not just to its key.
  const essCertId = sequence(octetString(certHash), sequence(sequence(tlv(0xa4, signer.issuer.raw)), signer.serial.raw));
  const signedAttributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octetString(contentDigest)),
    attribute(OID.signingCertificateV2, sequence(sequence(essCertId))),
  ];
  // DER orders the members of a SET by their encodings.
  signedAttributes.sort(Buffer.compare);
  const toSign = set(...signedAttributes);
  const signature = crypto.sign('sha256', toSign, privateKey);

  const signerInfo = sequence(
    tlv(0x02, Buffer.from([1])),
    sequence(signer.issuer.raw, signer.serial.raw),
    sha256,
    // The same attributes, tagged [0] IMPLICIT instead of SET.
    tlv(0xa0, ...signedAttributes),
    sequence(oid(OID.rsaEncryption), nullValue()),
    octetString(signature),
  );
  const signedData = sequence(
    tlv(0x02, Buffer.from([1])),
    set(sha256),
    sequence(oid(OID.data)),
    context(0, signerCertificate, ...chain),
    set(signerInfo),
  );
  return sequence(oid(OID.signedData), context(0, signedData));
}

export interface ParsedSignerInfo {
  /** Issuer and serial, or the subject key identifier, that names the signer's certificate. */
  issuerAndSerial?: { issuer: Buffer; serial: Buffer };
  subjectKeyIdentifier?: Buffer;
  digestAlgorithm: string;
  /** The signed attributes' exact bytes, re-tagged as the SET that was signed. */
  signedAttributes?: Buffer;
  attributes: Map<string, DerNode[]>;
  signatureAlgorithm: string;
  signature: Buffer;
}

export interface ParsedSignedData {
  certificates: Buffer[];
  signers: ParsedSignerInfo[];
  encapsulatedContentType: string;
  /** Present only in an attached signature; PDF signatures must be detached. */
  hasEncapsulatedContent: boolean;
}

export function parseSignedData(cms: Buffer): ParsedSignedData {
  const contentInfo = readDer(cms);
  if (decodeOid(child(contentInfo, 0, 'contentType')) !== OID.signedData) throw new DerError('not a SignedData');
  const signedData = child(child(contentInfo, 1, 'content'), 0, 'SignedData');
  const encap = child(signedData, 2, 'encapContentInfo');
  const certificates: Buffer[] = [];
  let signerInfos: DerNode | undefined;
  for (const node of signedData.children.slice(3)) {
    if (node.tag === 0xa0) certificates.push(...node.children.filter((c) => c.tag === 0x30).map((c) => c.raw));
    else if (node.tag === 0x31) signerInfos = node;
  }
  if (!signerInfos) throw new DerError('no signerInfos');
  const signers = signerInfos.children.map((info): ParsedSignerInfo => {
    const sid = child(info, 1, 'sid');
    let at = 2;
    const digestAlgorithm = decodeOid(child(child(info, at++, 'digestAlgorithm'), 0, 'algorithm'));
    let signedAttributes: Buffer | undefined;
    const attributes = new Map<string, DerNode[]>();
    if (info.children[at]?.tag === 0xa0) {
      const attrs = info.children[at++];
      signedAttributes = Buffer.concat([Buffer.from([0x31]), attrs.raw.subarray(1)]);
      for (const attr of attrs.children) attributes.set(decodeOid(child(attr, 0, 'attrType')), child(attr, 1, 'attrValues').children);
    }
    const signatureAlgorithm = decodeOid(child(child(info, at++, 'signatureAlgorithm'), 0, 'algorithm'));
    const signature = child(info, at, 'signature').value;
    return {
      ...(sid.tag === 0x80
        ? { subjectKeyIdentifier: sid.value }
        : { issuerAndSerial: { issuer: child(sid, 0, 'issuer').raw, serial: child(sid, 1, 'serial').raw } }),
      digestAlgorithm,
      signedAttributes,
      attributes,
      signatureAlgorithm,
      signature,
    };
  });
  return {
    certificates,
    signers,
    encapsulatedContentType: decodeOid(child(encap, 0, 'eContentType')),
    hasEncapsulatedContent: encap.children.length > 1,
  };
}

/** The certificate a SignerInfo names, among those the CMS carries. */
export function findSignerCertificate(signer: ParsedSignerInfo, certificates: Buffer[]): CertificateParts | undefined {
  for (const der of certificates) {
    const parts = certificateParts(der);
    if (signer.issuerAndSerial) {
      if (parts.issuer.raw.equals(signer.issuerAndSerial.issuer) && parts.serial.raw.equals(signer.issuerAndSerial.serial)) return parts;
    } else if (signer.subjectKeyIdentifier && parts.subjectKeyIdentifier?.equals(signer.subjectKeyIdentifier)) {
      return parts;
    }
  }
  return undefined;
}

/** Checks a signature value with the certificate's public key; false for an unknown algorithm. */
export function verifySignatureValue(signer: ParsedSignerInfo, certificateDer: Buffer, signedBytes: Buffer): boolean {
  const hash = digestName(signer.digestAlgorithm);
  const kind = SIGNATURES[signer.signatureAlgorithm];
  if (!hash || !kind) return false;
  const key = new crypto.X509Certificate(certificateDer).publicKey;
  if ((kind === 'rsa') !== (key.asymmetricKeyType === 'rsa')) return false;
  return crypto.verify(hash, signedBytes, key, signer.signature);
}
