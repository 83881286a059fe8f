import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Styles kept in one place (STYLE.md, "a design system that screens are built from"; issue 19): the colours are
 * tokens declared once in renderer/src/styles/base.css, and the shared styles there (`.mono`, `.grid`, `.num`,
 * `.row-actions` ...) are not declared again in a component. A view that needs a colour or a shared style that is
 * not there is a sign the kit lacks a piece: add it to base.css, not to the view.
 */
const src = join(__dirname, '..', '..', '..', 'renderer', 'src');
const TOKENS = 'styles/base.css';

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(vue|css|ts)$/.test(name)) out.push(relative(src, p).split(sep).join('/'));
  }
  return out;
}

/** A hex colour (#abc, #aabbcc, with alpha) or an rgb()/hsl() colour; `&#123;` entities are not colours. */
const COLOUR = /(?<![&\w])#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})\b|\b(?:rgba?|hsla?)\(/gi;

/** The CSS of a file: its <style> blocks for a .vue file, all of it for a .css file. */
function cssOf(path: string, text: string): string {
  if (path.endsWith('.css')) return text;
  return [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('\n');
}

/** Every selector of a style sheet's rules, whitespace normalised (`.grid th`, `.mono`). */
function selectors(css: string): string[] {
  const plain = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const out: string[] = [];
  for (const rule of plain.matchAll(/([^{}]+)\{[^{}]*\}/g)) {
    for (const selector of rule[1]!.split(',')) {
      const s = selector.trim().replace(/\s+/g, ' ');
      if (s && !s.startsWith('@')) out.push(s);
    }
  }
  return out;
}

const all = files(src);
const shared = new Set(selectors(readFileSync(join(src, TOKENS), 'utf8')));

describe('renderer styles', () => {
  it('finds the tokens and the shared styles', () => {
    for (const s of ['.mono', '.grid', '.grid th', '.num', '.row-actions']) expect(shared.has(s)).toBe(true);
  });

  it('writes no colour outside the tokens file (a colour is a token of styles/base.css)', () => {
    const found: string[] = [];
    for (const path of all) {
      if (path === TOKENS) continue;
      readFileSync(join(src, path), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(COLOUR)) found.push(`${path}:${i + 1} ${m[0]}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('declares no shared style again in a component (.mono, .grid, .num ... live in styles/base.css)', () => {
    const found: string[] = [];
    for (const path of all) {
      if (path.startsWith('styles/') || path.endsWith('.ts')) continue;
      const css = cssOf(path, readFileSync(join(src, path), 'utf8'));
      for (const s of selectors(css)) if (shared.has(s)) found.push(`${path}: ${s}`);
    }
    expect(found).toEqual([]);
  });
});
