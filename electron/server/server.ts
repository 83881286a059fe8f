import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core';
import { AppError, httpStatusFor, type ErrorBody } from '../../shared/errors';

/**
 * The browser host: the built renderer and `POST /api/<operation>` on loopback, over the same dispatcher the
 * Electron window uses. The session lives in an HttpOnly, SameSite=Strict cookie; a request whose Origin is
 * not this host's own is refused, and so is one addressed to another host name (DNS rebinding).
 */
export const SESSION_COOKIE = 'branchbox_session';
const MAX_BODY = 1024 * 1024;

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
  options: { port?: number; host?: string; staticDir?: string } = {},
): Promise<BrowserHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const staticDir = options.staticDir ?? rendererDir();
  let port = 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('[branchbox] browser host error:', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      return sendError(res, new AppError('FORBIDDEN_ORIGIN', 'This address is not served here'));
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
        return sendError(res, new AppError('FORBIDDEN_ORIGIN', 'Calls from another site are refused'));
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, { ok: false, error: { code: 'NOT_FOUND', message: 'Use POST' } });
      }
      const name = decodeURIComponent(url.pathname.slice('/api/'.length));
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch (err) {
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
    serveStatic(staticDir, url.pathname, res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, bindHost, () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new AppError('VALIDATION_FAILED', 'The request is too large', [{ field: '(body)', code: 'too_big', message: 'is too large' }]));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=') || null;
  }
  return null;
}

function serveStatic(dir: string, pathname: string, res: ServerResponse): void {
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
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}
