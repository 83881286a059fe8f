import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Each folder README's table of files says what is in its folder (STYLE.md habit 2), and stays true: every entry
 * it names exists, and every file of the folder is named. A `folder` table names each subfolder; a `file` or
 * `path` table names each file below the README (down to the next folder with a README of its own), either by
 * its path or, for a row about a whole folder (`src/views/`), by its name in that row's text.
 */
const root = join(__dirname, '..', '..', '..');
const SKIP = new Set(['node_modules', 'out', 'test-results', 'playwright-report', 'dist', 'release']);

function readmes(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readmes(p, out);
    else if (name === 'README.md' && dir !== root) out.push(p);
  }
  return out;
}

interface Row {
  entries: string[];
  text: string;
}

/** The first table of a README whose first header cell is file, path or folder. */
function tableOf(markdown: string): { kind: string; rows: Row[] } | null {
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const head = /^\|\s*(file|path|folder)\s*\|/.exec(lines[i]!);
    if (!head || !/^\|[-| :]+\|\s*$/.test(lines[i + 1]!)) continue;
    const rows: Row[] = [];
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
      const first = lines[j]!.split('|')[1] ?? '';
      rows.push({ entries: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), text: lines[j]! });
    }
    return { kind: head[1]!, rows };
  }
  return null;
}

/** Files below `dir`, relative to it with '/', stopping at folders that have a README of their own. */
function filesBelow(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!existsSync(join(p, 'README.md'))) out.push(...filesBelow(p, base));
    } else if (!(dir === base && name === 'README.md')) {
      out.push(relative(base, p).split(sep).join('/'));
    }
  }
  return out;
}

function pattern(entry: string): RegExp {
  const escaped = entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

function baseName(file: string): string {
  return file.split('/').pop()!.replace(/\.[^.]+$/, '');
}

const all = readmes(root).filter((p) => tableOf(readFileSync(p, 'utf8')) !== null);

describe('folder READMEs', () => {
  it('are found', () => {
    expect(all.length).toBeGreaterThan(5);
  });

  for (const readme of all) {
    const dir = dirname(readme);
    const name = relative(root, readme).split(sep).join('/');
    const { kind, rows } = tableOf(readFileSync(readme, 'utf8'))!;

    it(`${name}: every entry of its table exists`, () => {
      const files = filesBelow(dir);
      const missing = rows
        .flatMap((r) => r.entries)
        .filter((e) => (e.endsWith('/') ? !existsSync(join(dir, e)) : !existsSync(join(dir, e)) && !files.some((f) => pattern(e).test(f))));
      expect(missing, `${name} names what is not there`).toEqual([]);
    });

    it(`${name}: names everything in its folder`, () => {
      let unnamed: string[];
      if (kind === 'folder') {
        const folders = readdirSync(dir).filter((n) => !n.startsWith('.') && !SKIP.has(n) && statSync(join(dir, n)).isDirectory());
        const named = new Set(rows.flatMap((r) => r.entries).map((e) => e.replace(/\/$/, '')));
        unnamed = folders.filter((f) => !named.has(f));
      } else {
        unnamed = filesBelow(dir).filter(
          (f) =>
            !rows.some((r) =>
              r.entries.some((e) => pattern(e).test(f) || (e.endsWith('/') && f.startsWith(e) && !f.slice(e.length).includes('/') && r.text.includes(baseName(f)))),
            ),
        );
      }
      expect(unnamed, `${name} does not name these`).toEqual([]);
    });
  }
});
