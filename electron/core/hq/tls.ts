import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/**
 * Head office's TLS certificate (issue 13): self-signed, made on its first start and kept in the data folder's tls/
 * (the key readable by its owner only). Branches do not trust it through any authority: head office's pairing file
 * carries its SHA-256 fingerprint, which each branch pins.
 */
export interface TlsIdentity {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, upper-case hex pairs joined by colons (as Node's X509Certificate gives it) */
  fingerprint: string;
}

const DAYS = 3650;

function make(): { key: string; cert: string } {
  const altNames = [
    { type: 2, value: 'localhost' },
    { type: 2, value: hostname() },
    { type: 7, ip: '127.0.0.1' },
  ];
  const made = selfsigned.generate([{ name: 'commonName', value: `Branchbox head office (${hostname()})` }], {
    keySize: 2048,
    days: DAYS,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames }],
  });
  return { key: made.private, cert: made.cert };
}

export function fingerprintOf(cert: string): string {
  return new X509Certificate(cert).fingerprint256;
}

/** The certificate in `dataDir` (made on first use); a head office kept in memory (tests) makes one each time. */
export function headOfficeTls(dataDir: string | null): TlsIdentity {
  if (dataDir === null) {
    const m = make();
    return { ...m, fingerprint: fingerprintOf(m.cert) };
  }
  const dir = join(dataDir, 'tls');
  const keyFile = join(dir, 'head-office.key');
  const certFile = join(dir, 'head-office.crt');
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    const m = make();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(`${keyFile}.partial`, m.key, { mode: 0o600 });
    chmodSync(`${keyFile}.partial`, 0o600);
    writeFileSync(`${certFile}.partial`, m.cert);
    renameSync(`${keyFile}.partial`, keyFile);
    renameSync(`${certFile}.partial`, certFile);
  }
  const cert = readFileSync(certFile, 'utf8');
  return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint: fingerprintOf(cert) };
}
