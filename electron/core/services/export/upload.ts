import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { openSync, readSync, closeSync, statSync } from 'node:fs';

/**
 * Sending bundles to head office over a poor link (issue 13): each bundle file goes up in pieces, tus-like (the
 * server's side is core/hq/receive.ts): ask head office how much of the file it holds, send the rest from there a
 * piece at a time. A dropped connection costs the piece under way; the next try asks the offset again. Pieces shrink
 * when the link fails and grow again when it holds, so that a link dropping every few seconds at 2 kB/s still moves
 * whole pieces. Over https the branch pins head office's certificate by the fingerprint its pairing file carries
 * (a self-signed certificate works; no authority is trusted instead).
 */
/** Where head office takes bundles in pieces (FORMAT.md "Upload"); its server (electron/server) serves it here. */
export const UPLOAD_PATH = '/upload/';
const SMALLEST_PIECE = 2 * 1024;
/** A piece lost to a drop costs at most this much sent again. */
const LARGEST_PIECE = 256 * 1024;
/** How long a piece should take on the link as it goes: short enough to get through between drops. */
const PIECE_SECONDS = 2;
/** A request that moves nothing for this long is given up (the link is gone). */
const STALL_MS = 20_000;

export interface Link {
  url: string;
  /** SHA-256 fingerprint of head office's certificate (required for https) */
  fingerprint: string | null;
}

export interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Thrown for a link that failed (connection refused or dropped, stalled, a certificate not head office's). */
export class LinkError extends Error {
  constructor(
    message: string,
    /** the certificate was not the one pinned: retrying will not help */
    readonly untrusted = false,
  ) {
    super(message);
  }
}

/** Opens a TLS connection and checks head office's certificate before anything is sent over it. */
function pinnedSocket(url: URL, fingerprint: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port || 443), servername: /^[\d.]+$/.test(url.hostname) ? undefined : url.hostname, rejectUnauthorized: false });
    socket.setTimeout(STALL_MS, () => socket.destroy(new LinkError('the connection to head office stalled')));
    socket.once('secureConnect', () => {
      const seen = socket.getPeerCertificate().fingerprint256;
      if (seen !== fingerprint) {
        socket.destroy();
        reject(new LinkError(`the server at ${url.host} is not this branch's head office (its certificate is not the one in the pairing file)`, true));
        return;
      }
      resolve(socket);
    });
    socket.once('error', (e) => reject(e instanceof LinkError ? e : new LinkError(e.message)));
    // a link cut during the handshake may close without an error
    socket.once('close', () => reject(new LinkError('the connection to head office closed')));
  });
}

/** One HTTP exchange with head office; any failure of the link is a LinkError. */
export async function exchange(link: Link, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  const url = new URL(path, link.url);
  const https = url.protocol === 'https:';
  if (https && !link.fingerprint) throw new LinkError('head office has no certificate fingerprint in its pairing file', true);
  const socket = https ? await pinnedSocket(url, link.fingerprint!) : undefined;
  return new Promise<Answer>((resolve, reject) => {
    const options = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname,
      headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}), Connection: 'close' },
      timeout: STALL_MS,
      ...(socket ? { createConnection: () => socket } : {}),
    };
    const req = (https ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (e) => reject(new LinkError(e.message)));
      res.on('aborted', () => reject(new LinkError('the answer was cut off')));
    });
    req.on('timeout', () => req.destroy(new LinkError('head office did not answer in time')));
    req.on('error', (e) => reject(e instanceof LinkError ? e : new LinkError(e.message)));
    req.end(body);
  });
}

export interface Progress {
  file: string;
  sent: number;
  total: number;
}

function readPiece(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(length);
    const n = readSync(fd, b, 0, length, offset);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export type UploadOutcome =
  | { kind: 'acknowledged'; acknowledgement: string }
  /** head office refused the file (its reason): sending it again will not help */
  | { kind: 'refused'; reason: string };

/**
 * Sends one bundle file whole, from wherever head office's copy stops, in pieces that adapt to the link. Throws a
 * LinkError when the link fails (the caller waits and tries again: nothing sent is lost).
 */
export async function uploadFile(link: Link, file: string, name: string, progress: (p: Progress) => void, piece: { size: number }): Promise<UploadOutcome> {
  const total = statSync(file).size;
  const path = `${UPLOAD_PATH}${encodeURIComponent(name)}`;
  const asked = await exchange(link, 'GET', path, {});
  const first = parse(asked);
  if (first.kind === 'refused') return first;
  if (first.kind === 'ack') return { kind: 'acknowledged', acknowledgement: first.acknowledgement };
  let offset = first.offset;
  for (;;) {
    progress({ file: name, sent: offset, total });
    const bytes = readPiece(file, offset, Math.min(piece.size, total - offset));
    let answer: Answer;
    const started = Date.now();
    try {
      answer = await exchange(link, 'PATCH', path, { 'Upload-Offset': String(offset), 'Upload-Length': String(total), 'Content-Type': 'application/offset+octet-stream' }, bytes);
    } catch (e) {
      piece.size = Math.max(SMALLEST_PIECE, Math.floor(piece.size / 4));
      throw e;
    }
    // the next piece takes about PIECE_SECONDS at the pace this one went (at most twice this one's size)
    const pace = bytes.length / Math.max(0.05, (Date.now() - started) / 1000);
    piece.size = Math.max(SMALLEST_PIECE, Math.min(LARGEST_PIECE, piece.size * 2, Math.floor(pace * PIECE_SECONDS)));
    const r = parse(answer);
    if (r.kind === 'refused') return r;
    if (r.kind === 'ack') return { kind: 'acknowledged', acknowledgement: r.acknowledgement };
    offset = r.offset;
  }
}

type Parsed = { kind: 'offset'; offset: number } | { kind: 'ack'; acknowledgement: string } | { kind: 'refused'; reason: string };

function parse(a: Answer): Parsed {
  let json: { ok?: boolean; data?: { kind: string; offset?: number; acknowledgement?: string | null; outcome?: { status: string; reason?: string } }; error?: { message?: string } } = {};
  try {
    json = JSON.parse(a.body.toString('utf8')) as typeof json;
  } catch {
    if (a.status >= 500 || a.status === 0) throw new LinkError(`head office answered ${a.status}`);
  }
  if (a.status === 409) return { kind: 'offset', offset: Number(a.headers['upload-offset']) };
  if (a.status >= 500) throw new LinkError(`head office answered ${a.status}`);
  if (a.status !== 200 || !json.ok || !json.data) return { kind: 'refused', reason: json.error?.message ?? `head office answered ${a.status}` };
  const d = json.data;
  if (d.kind === 'partial') return { kind: 'offset', offset: d.offset! };
  if (d.kind === 'received' || d.kind === 'done') {
    if (d.outcome?.status === 'refused') return { kind: 'refused', reason: d.outcome.reason ?? 'refused' };
    if (!d.acknowledgement) return { kind: 'refused', reason: 'head office did not acknowledge the file' };
    return { kind: 'ack', acknowledgement: d.acknowledgement };
  }
  return { kind: 'refused', reason: 'head office answered something this branch does not understand' };
}

/** Waits `ms`, or less when `wake` is called meanwhile. */
export function pause(ms: number, wake: { fn?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
    wake.fn = () => {
      clearTimeout(t);
      resolve();
    };
  });
}

