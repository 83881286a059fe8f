import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../shared/errors';

/**
 * The browser host of an encrypted branch started without its passphrase (issue 14, point 4): before the books can
 * open, it serves one page on loopback where the manager types the recovery passphrase. The page needs no script
 * (a plain form), so its policy allows none. A right passphrase closes this host and resolves `unlocked` with it:
 * the caller then opens the books and starts the real browser host on the same port, which the page reloads into.
 * Tries run one at a time, each paying the argon2id stretch (about a second): guessing is slow.
 */
export interface UnlockHost {
  url: string;
  port: number;
  /** Resolves with the passphrase once one opened the books' key (this host is closed by then). */
  unlocked: Promise<string>;
  close(): Promise<void>;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const MAX_FORM = 8 * 1024;

export async function startUnlockHost(options: { port: number; check: (passphrase: string) => Promise<unknown> }): Promise<UnlockHost> {
  let port = 0;
  let trying = false;
  let resolveUnlocked!: (passphrase: string) => void;
  const unlocked = new Promise<string>((resolve) => (resolveUnlocked = resolve));
  const names = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) page(res, 500, 'error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    // loopback names only (DNS rebinding), and a passphrase only from this host's own page
    if (!names().has(host)) return void res.writeHead(403).end();
    const path = new URL(req.url ?? '/', `http://${host}`).pathname;
    if (req.method === 'POST' && path === '/unlock') {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return void res.writeHead(403).end();
      if (trying) return page(res, 429, 'busy');
      trying = true;
      try {
        const form = await readForm(req);
        if (form === null) return page(res, 413, 'tooLong');
        const passphrase = new URLSearchParams(form).get('passphrase') ?? '';
        if (passphrase === '') return page(res, 400, 'required');
        try {
          await options.check(passphrase);
        } catch (err) {
          return page(res, 400, err instanceof AppError ? 'wrong' : 'error');
        }
        // the page is on its way before this host closes; it reloads into the real host on the same port
        res.once('finish', () => void close().then(() => resolveUnlocked(passphrase)));
        page(res, 200, 'opening');
        return;
      } finally {
        trying = false;
      }
    }
    if (req.method === 'GET' || req.method === 'HEAD') return page(res, path === '/' || path === '/index.html' ? 200 : 404, null);
    if (path.startsWith('/api/')) {
      // the screens' calls while locked: a clear answer, not a connection refused
      const body = JSON.stringify({ ok: false, error: { code: 'INVALID_STATE', message: "This branch's data is encrypted: open Branchbox's address and type its recovery passphrase" } });
      res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      return void res.end(body);
    }
    res.writeHead(405).end();
  }

  const close = (): Promise<void> =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, port, unlocked, close };
}

/**
 * The form's text, or null when it is over MAX_FORM: the rest is read and dropped, so that the browser gets the
 * page's answer (413) instead of a connection reset.
 */
function readForm(req: IncomingMessage): Promise<string | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_FORM) chunks.push(c);
    });
    req.on('end', () => ok(size > MAX_FORM ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

type Problem = 'required' | 'wrong' | 'busy' | 'error' | 'opening' | 'tooLong';

/** The page's words, in English and French together (it comes before the screens and their language switch). */
const SAYS: Record<Problem, [string, string]> = {
  required: ['Type the recovery passphrase.', 'Tapez la phrase de secours.'],
  tooLong: ['That is far longer than any recovery passphrase. Type the passphrase again.', 'Ce texte est bien plus long qu’une phrase de secours. Tapez la phrase à nouveau.'],
  wrong: ['This is not the recovery passphrase of this branch. Try again.', "Ce n'est pas la phrase de secours de cette agence. Réessayez."],
  busy: ['A passphrase is being checked: wait a moment and try again.', 'Une phrase est en cours de vérification : attendez un instant et réessayez.'],
  error: ['The data could not be opened. Look at the window where Branchbox was started.', "Les données n'ont pas pu être ouvertes. Regardez la fenêtre où Branchbox a été lancé."],
  opening: ['Unlocked. Branchbox is opening…', 'Déverrouillé. Branchbox s’ouvre…'],
};

function page(res: ServerResponse, status: number, problem: Problem | null): void {
  const opening = problem === 'opening';
  const message = problem ? `<p class="${opening ? 'ok' : 'error'}" role="${opening ? 'status' : 'alert'}" data-testid="unlock-message">${SAYS[problem][0]}<br><span lang="fr">${SAYS[problem][1]}</span></p>` : '';
  const form = opening
    ? ''
    : `<form method="post" action="/unlock">
  <label for="passphrase">Recovery passphrase · <span lang="fr">Phrase de secours</span></label>
  <input id="passphrase" name="passphrase" type="password" autocomplete="current-password" required autofocus data-testid="unlock-passphrase">
  <button type="submit" data-testid="unlock-submit">Open · <span lang="fr">Ouvrir</span></button>
</form>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${opening ? '<meta http-equiv="refresh" content="2;url=/">' : ''}<title>Branchbox — locked</title>
<style>
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#eef2f6;color:#111827}
header{background:#0b2540;color:#fff;padding:.8rem 1.25rem;font-weight:700;font-size:1.2rem}
main{max-width:34rem;margin:3rem auto;background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 .5rem}p{margin:.5rem 0}.muted{color:#4b5563}
label{display:block;font-weight:700;margin-top:1rem}
input{box-sizing:border-box;width:100%;font:inherit;padding:.55rem .7rem;border:2px solid #6b7280;border-radius:6px;margin:.35rem 0 1rem}
button{font:inherit;font-weight:700;background:#0b57a4;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}
.error{color:#b91c1c;background:#fdecec;border-left:4px solid #b91c1c;padding:.6rem .8rem}
.ok{color:#166534;background:#e6f4ea;border-left:4px solid #166534;padding:.6rem .8rem}
</style></head>
<body><header>Branchbox</header><main data-testid="unlock-page">
<h1>This branch's data is encrypted</h1>
<p class="muted">Type its recovery passphrase to open it. <span lang="fr">Les données de cette agence sont chiffrées : tapez sa phrase de secours pour les ouvrir.</span></p>
${message}${form}
</main></body></html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // same-origin, not no-referrer: with no-referrer the browser sends the form's Origin as "null", which is refused
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  res.end(html);
}
