import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core';
import { MAX_PIECE, Receiver, type ReceiveAnswer } from '../core/hq/receive';
import { UPLOAD_PATH } from '../core/services/export/upload';
import { AppError, httpStatusFor, type ErrorBody } from '../../shared/errors';

/**
 * The browser host: the built renderer and `POST /api/<operation>` on loopback, over the same dispatcher the
 * Electron window uses. The session lives in an HttpOnly, SameSite=Strict cookie; a request whose Origin is
 * not this host's own is refused, and so is one addressed to another host name (DNS rebinding).
 */
export const SESSION_COOKIE = 'branchbox_session';
const MAX_BODY = 1024 * 1024;
/** hq.importBundles carries the files themselves (base64): a month of a branch's bundles fits. */
const MAX_IMPORT_BODY = 256 * 1024 * 1024;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface BrowserHost {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Where the built renderer is: out/renderer beside the compiled node tree. */
export function rendererDir(): string {
  return resolve(__dirname, '../../../renderer');
}

export async function startBrowserHost(
  core: Core,
  options: { port?: number; host?: string; staticDir?: string; tls?: { key: string; cert: string } } = {},
): Promise<BrowserHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const staticDir = options.staticDir ?? rendererDir();
  const scheme = options.tls ? 'https' : 'http';
  // a host on loopback answers only to loopback names (DNS rebinding); a head office on the network, over TLS and
  // behind sign-in, answers to whatever name the branches reach it by, and takes calls only from its own pages
  const onNetwork = options.tls !== undefined && !['127.0.0.1', 'localhost', '::1'].includes(bindHost);
  let port = 0;
  const loopbackNames = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const served = (host: string): boolean => (onNetwork ? host.length > 0 : loopbackNames().has(host));
  const receiver = core.headOffice ? new Receiver(core.headOffice, core.dataDir) : null;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      console.error('[branchbox] browser host error:', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    });
  };
  const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createServer(onRequest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const host = req.headers.host ?? '';
    const url = new URL(req.url ?? '/', `${scheme}://${host || 'localhost'}`);
    // a branch's upload comes by whatever name and port its link reaches head office by (a router, a proxy); what
    // authenticates it is the branch's signature on the bundle, not the address
    if (receiver && url.pathname.startsWith(UPLOAD_PATH)) return receiveUpload(receiver, req, res, decodeURIComponent(url.pathname.slice(UPLOAD_PATH.length)));
    if (!served(host)) {
      return sendError(res, new AppError('FORBIDDEN_ORIGIN', 'This address is not served here'));
    }
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `${scheme}://${host}` && !(!onNetwork && loopbackNames().has(origin.replace(/^http:\/\//, '')))) {
        return sendError(res, new AppError('FORBIDDEN_ORIGIN', 'Calls from another site are refused'));
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, { ok: false, error: { code: 'NOT_FOUND', message: 'Use POST' } });
      }
      if (!isJson(req.headers['content-type'])) {
        // a form or text/plain post (what a page of another site can send without asking first) is not a call
        return sendJson(res, 415, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'Send the call as JSON (Content-Type: application/json)', fields: [{ field: '(body)', code: 'invalid_type', message: 'must be sent as application/json' }] } });
      }
      const name = decodeURIComponent(url.pathname.slice('/api/'.length));
      let input: unknown;
      try {
        const body = await readBody(req, name === 'hq.importBundles' ? MAX_IMPORT_BODY : MAX_BODY);
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch (err) {
        if (err instanceof BodyTooLarge) return sendTooLarge(res, err.limit);
        return sendError(
          res,
          err instanceof AppError
            ? err
            : new AppError('VALIDATION_FAILED', 'The request body is not valid JSON', [{ field: '(body)', code: 'invalid_json', message: 'is not valid JSON' }]),
        );
      }
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      const result = await core.dispatch(name, input, { sessionToken: token });
      if (result.sessionToken !== undefined) {
        res.setHeader(
          'Set-Cookie',
          result.sessionToken === null
            ? `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`
            : `${SESSION_COOKIE}=${result.sessionToken}; HttpOnly; SameSite=Strict; Path=/`,
        );
      }
      const status = result.envelope.ok ? 200 : httpStatusFor(result.envelope.error.code);
      return sendJson(res, status, result.envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, { ok: false, error: { code: 'NOT_FOUND', message: 'Not found' } });
    }
    serveStatic(staticDir, url.pathname, req.headers['accept-encoding'], res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, bindHost, () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const url = `${scheme}://${onNetwork || bindHost === 'localhost' ? 'localhost' : '127.0.0.1'}:${port}/`;
  return {
    server,
    url,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/**
 * A branch's upload, tus-like: `HEAD /upload/<file>` answers `Upload-Offset` (bytes held; GET says the same as
 * JSON, with head office's acknowledgement when it has the whole file already); `PATCH /upload/<file>`
 * with `Upload-Offset` and `Upload-Length` headers and a piece as its body answers the new offset, and with the
 * last piece the import's outcome and head office's acknowledgement (JSON). The branch's signature on the bundle is
 * what authenticates it: nothing is applied that the registered branch did not sign.
 */
async function receiveUpload(receiver: Receiver, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  let answer: ReceiveAnswer;
  if (req.method === 'HEAD' || req.method === 'GET') {
    answer = await receiver.offset(name);
  } else if (req.method === 'PATCH') {
    const offset = Number(req.headers['upload-offset']);
    const total = Number(req.headers['upload-length']);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(total)) {
      answer = { kind: 'refused', status: 400, message: 'Upload-Offset and Upload-Length are needed' };
    } else {
      let piece: Buffer;
      try {
        piece = await readBytes(req, MAX_PIECE);
      } catch (err) {
        if (err instanceof BodyTooLarge) return sendTooLarge(res, err.limit);
        throw err;
      }
      answer = await receiver.append(name, offset, total, piece);
    }
  } else {
    res.setHeader('Allow', 'HEAD, PATCH');
    return sendJson(res, 405, { ok: false, error: { code: 'NOT_FOUND', message: 'Use HEAD or PATCH' } });
  }
  if (answer.kind === 'refused') {
    if (answer.offset !== undefined) res.setHeader('Upload-Offset', String(answer.offset));
    return sendJson(res, answer.status, { ok: false, error: { code: 'VALIDATION_FAILED', message: answer.message } });
  }
  if (answer.kind === 'partial' || answer.kind === 'done') res.setHeader('Upload-Offset', String(answer.offset));
  if (req.method === 'HEAD') {
    res.setHeader('Upload-Complete', answer.kind === 'received' ? '1' : '0');
    res.writeHead(200).end();
    return;
  }
  sendJson(res, 200, { ok: true, data: answer });
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, err: AppError): void {
  const body: ErrorBody = err.toBody();
  sendJson(res, httpStatusFor(err.code), { ok: false, error: body });
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return readBytes(req, max).then((b) => b.toString('utf8'));
}

/** A body longer than its limit: answered 413 with the usual error body (issue 14 point 9), never a reset connection. */
class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body is over ${limit} bytes`);
  }
}

/** What a host may read and throw away of a body over its limit, so that the client reads the 413 before the close. */
const MAX_DISCARDED = 64 * 1024 * 1024;

function readBytes(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const refuse = (): void => {
      over = true;
      chunks.length = 0;
      fail(new BodyTooLarge(max));
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) {
        // the rest is read and dropped while the 413 goes out; a client that sends on and on is cut off
        if (size > max + MAX_DISCARDED) req.destroy();
        return;
      }
      if (size > max) return refuse();
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) ok(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!over) fail(err);
    });
    if (Number.isFinite(declared) && declared > max) refuse();
  });
}

function sendTooLarge(res: ServerResponse, limit: number): void {
  const maximum = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MiB` : `${Math.round(limit / 1024)} KiB`;
  sendJson(res, 413, {
    ok: false,
    error: { code: 'VALIDATION_FAILED', message: `The request is larger than ${maximum}, the most this host takes`, fields: [{ field: '(body)', code: 'too_big', message: `is larger than ${maximum}`, params: { maximum } }] },
  });
}

/** application/json, with or without parameters (charset=utf-8). */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=') || null;
  }
  return null;
}

/** What a file was compressed to, kept while the file is unchanged (the screens' files change only with a build). */
const compressed = new Map<string, { mtimeMs: number; encoding: 'br' | 'gzip'; body: Buffer }>();

/** The encoding to answer with: brotli, else gzip, when the browser takes it (q=0 refuses). */
function encodingFor(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const taken = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
      .map(([name]) => name!.trim().toLowerCase()),
  );
  return taken.has('br') ? 'br' : taken.has('gzip') ? 'gzip' : null;
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

/**
 * The built screens, compressed when the browser takes it (issue 19: the first screen's script, about 140 kB gzipped
 * instead of 450 kB plain), each file compressed once. Hashed assets never change under their name: cached for a year;
 * index.html is asked again each start, so a new build is picked up.
 */
function serveStatic(dir: string, pathname: string, acceptEncoding: string | undefined, res: ServerResponse): void {
  const root = resolve(dir);
  let file = normalize(join(root, decodeURIComponent(pathname)));
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(404).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The Branchbox screens are not built yet: run "npm run build".');
    return;
  }
  const headers: Record<string, string> = {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': file.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache',
    Vary: 'Accept-Encoding',
  };
  const encoding = COMPRESSIBLE.has(extname(file)) ? encodingFor(acceptEncoding) : null;
  if (!encoding) {
    res.writeHead(200, headers);
    res.end(readFileSync(file));
    return;
  }
  const mtimeMs = statSync(file).mtimeMs;
  const key = `${encoding} ${file}`;
  let hit = compressed.get(key);
  if (!hit || hit.mtimeMs !== mtimeMs) {
    const plain = readFileSync(file);
    const body = encoding === 'br' ? brotliCompressSync(plain, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }) : gzipSync(plain, { level: 9 });
    compressed.set(key, (hit = { mtimeMs, encoding, body }));
  }
  res.writeHead(200, { ...headers, 'Content-Encoding': encoding, 'Content-Length': String(hit.body.length) });
  res.end(hit.body);
}
