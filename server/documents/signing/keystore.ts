/**
 * Keeping a unit's signing key at rest. A PKCS#12 file is opened once, when an admin installs
 * it; its passphrase is then forgotten and the private key is kept sealed with AES-256-GCM
 * under a key derived (HKDF-SHA256) from the server's certificate secret, bound to the unit it
 * belongs to, so that a copied database row neither opens without the secret nor signs for
 * another unit.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { errors, isAppError } from '../../errors.js';

export interface SigningKey {
  privateKey: crypto.KeyObject;
  /** The signer's certificate, DER. */
  certificate: Buffer;
  /** Other certificates of the PKCS#12 file (intermediates), DER. */
  chain: Buffer[];
}

export interface CertificateInfo {
  /** The subject's common name (CN), as PDF readers show the signer. */
  commonName: string;
  /** The whole subject and issuer, "C=VN, O=…, CN=…". */
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  selfSigned: boolean;
  fingerprint256: string;
}

const names = (dn: string) => dn.split('\n').filter(Boolean);

export function describeCertificate(der: Buffer): CertificateInfo {
  const x = new crypto.X509Certificate(der);
  const subject = names(x.subject);
  const cn = subject.find((part) => part.startsWith('CN='));
  return {
    commonName: cn ? cn.slice(3) : subject.join(', '),
    subject: subject.join(', '),
    issuer: names(x.issuer).join(', '),
    serialNumber: x.serialNumber,
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    // Not checkIssued: OpenSSL's check also asks for keyCertSign, which a signing certificate lacks.
    selfSigned: x.subject === x.issuer && x.verify(x.publicKey),
    fingerprint256: x.fingerprint256,
  };
}

const INSTALL_CODES: Record<string, [string, string, string]> = {
  // The file parsed as ASN.1 (checked first), so a failure to open it is its passphrase.
  'signing.p12_unreadable': ['/passphrase', 'certificate.wrong_passphrase', 'The passphrase does not open the PKCS#12 file'],
  'signing.p12_no_key': ['/p12', 'certificate.no_private_key', 'The PKCS#12 file holds no RSA private key'],
  'signing.p12_no_certificate': ['/p12', 'certificate.no_certificate', 'The PKCS#12 file has no certificate for its key'],
};

/**
 * Opens a PKCS#12 file an admin installs for a unit, refusing (400, stable codes) what could not
 * sign a result today: an unreadable file, a wrong passphrase, no key or certificate, or a
 * certificate not in force at `now`.
 */
export function openP12ForInstall(p12: Buffer, passphrase: string, now: Date): { key: SigningKey; info: CertificateInfo } {
  try {
    forge.asn1.fromDer(p12.toString('binary'));
  } catch {
    throw errors.field('/p12', 'certificate.unreadable', 'The file is not a PKCS#12 file');
  }
  let key: SigningKey;
  try {
    key = readP12({ p12, passphrase });
  } catch (err) {
    const mapped = isAppError(err) ? INSTALL_CODES[err.code] : undefined;
    if (!mapped) throw errors.field('/p12', 'certificate.unreadable', 'The PKCS#12 file cannot be read');
    throw errors.field(...mapped);
  }
  const info = describeCertificate(key.certificate);
  if (now < info.notBefore) throw errors.field('/p12', 'certificate.not_yet_valid', `The certificate is valid only from ${info.notBefore.toISOString()}`);
  if (now > info.notAfter) throw errors.field('/p12', 'certificate.expired', `The certificate expired on ${info.notAfter.toISOString()}`);
  return { key, info };
}

const VERSION = 'v1';

export interface Keyring {
  seal(key: crypto.KeyObject, unitId: string): string;
  /** Throws when the secret or the unit differs from the ones it was sealed with. */
  unseal(sealed: string, unitId: string): crypto.KeyObject;
}

export function createKeyring(secret: string): Keyring {
  if (secret.length < 32) throw new Error('The certificate secret must have at least 32 characters');
  const key = Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), 'unit-certificate-key:v1', 32));
  const aad = (unitId: string) => Buffer.from(`unit:${unitId}`);
  return {
    seal(privateKey, unitId) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv).setAAD(aad(unitId));
      const der = privateKey.export({ type: 'pkcs8', format: 'der' });
      const body = Buffer.concat([cipher.update(der), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
    },
    unseal(sealed, unitId) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || !body) throw new Error('Unknown sealed key format');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64')).setAAD(aad(unitId));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const der = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
      return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    },
  };
}

export interface P12Signer {
  p12: Buffer;
  passphrase: string;
}

/** The key and its certificate from a PKCS#12 file; other certificates in it form the chain. */
export function readP12({ p12, passphrase }: P12Signer): SigningKey {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), passphrase);
  } catch (err) {
    throw errors.unprocessable('signing.p12_unreadable', `The PKCS#12 file cannot be opened: ${(err as Error).message}`);
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw errors.unprocessable('signing.p12_no_key', 'The PKCS#12 file holds no RSA private key');
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const own = certs.find((cert) => (cert.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!own) throw errors.unprocessable('signing.p12_no_certificate', 'The PKCS#12 file has no certificate for its key');
  const der = (cert: forge.pki.Certificate) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return {
    privateKey: crypto.createPrivateKey(forge.pki.privateKeyToPem(key)),
    certificate: der(own),
    chain: certs.filter((cert) => cert !== own).map(der),
  };
}
