import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { expect, ROOT } from './fixtures';

/**
 * The built program's own processes, driven as scripts drive them (no browser): the CLI, `branchbox serve` and
 * `branchbox hq serve` started and killed, and a script's JSON calls to them. For the fault tests (kill -9).
 */
export const CLI = join(ROOT, 'out', 'node', 'electron', 'cli', 'main.js');

export function cli(...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** The processes serve started in a group of their own. */
const groupLeaders = new WeakSet<ChildProcess>();

/**
 * `branchbox serve` or `branchbox hq serve` on a free port of 127.0.0.1; resolves when it says where it is.
 * `group`: in a process group of its own, which kill9 then kills whole (as a power cut or the task manager would).
 */
export async function serve(args: string[], options: { group?: boolean } = {}): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [CLI, ...args, '--port', '0', '--host', '127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: options.group === true });
  let output = '';
  if (options.group) groupLeaders.add(proc);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (c: Buffer) => {
      output += c.toString();
      const m = /ready at (https?:\/\/[^/\s]+)\//.exec(output);
      if (m) resolve(m[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { url, proc };
}

export async function kill9(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise<void>((r) => proc.once('exit', () => r()));
  // a process started in a group of its own (serve's `group`) is the group's leader: kill the group with it
  if (groupLeaders.has(proc)) process.kill(-proc.pid!, 'SIGKILL');
  else proc.kill('SIGKILL');
  await gone;
}

/** A script's call: JSON over http or https (head office's certificate is self-signed: not checked here). */
export class Script {
  cookie = '';
  constructor(readonly base: string) {}
  call<T = unknown>(op: string, body: unknown): Promise<{ ok: boolean; data: T; error?: { message: string } }> {
    const url = new URL(`/api/${op}`, this.base);
    const text = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        { method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, rejectUnauthorized: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), Cookie: this.cookie, Connection: 'close' } },
        (res) => {
          const set = res.headers['set-cookie']?.[0];
          if (set) this.cookie = set.split(';')[0]!;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject); // the host killed while it answered
          res.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch (err) {
              reject(err as Error);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }
  async ok<T = Record<string, unknown>>(op: string, body: unknown = {}): Promise<T> {
    const r = await this.call<T>(op, body);
    expect(r.ok, `${op}: ${JSON.stringify(r.error)}`).toBe(true);
    return r.data;
  }
}
