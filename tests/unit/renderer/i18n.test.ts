import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json';
import fr from '../../../renderer/src/i18n/fr.json';
import { ERROR_CODES } from '../../../shared/errors';
import { ROLES } from '../../../shared/permissions';
import { DOCUMENT_TYPES, GENDERS, CLIENT_STATUSES } from '../../../shared/contract';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const EN = leaves(en as Tree);
const FR = leaves(fr as Tree);

describe('renderer translations', () => {
  it('English and French have exactly the same keys', () => {
    expect([...FR.keys()].filter((k) => !EN.has(k))).toEqual([]);
    expect([...EN.keys()].filter((k) => !FR.has(k))).toEqual([]);
  });

  it('every error code has a message in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(EN.get(`errors.${code}`), code).toBeTruthy();
      expect(FR.get(`errors.${code}`), code).toBeTruthy();
    }
  });

  it('every field-validation code the core sends has a message', () => {
    const codes = ['required', 'invalid', 'invalid_type', 'too_small', 'too_big', 'invalid_choice', 'invalid_format', 'unknown_field', 'duplicate', 'not_found'];
    for (const code of codes) expect(EN.get(`validation.${code}`), code).toBeTruthy();
  });

  it('every role, gender, document type and status is named', () => {
    for (const r of ROLES) expect(EN.has(`roles.${r}`) && FR.has(`roles.${r}`), r).toBe(true);
    for (const g of GENDERS) expect(FR.has(`clients.genders.${g}`), g).toBe(true);
    for (const d of DOCUMENT_TYPES) expect(FR.has(`clients.documentTypes.${d}`), d).toBe(true);
    for (const s of CLIENT_STATUSES) expect(FR.has(`clients.statuses.${s}`), s).toBe(true);
  });

  it('French is really French, not English left behind', () => {
    const same = [...EN.entries()].filter(([k, v]) => FR.get(k) === v && /[a-z]{4,}\s+[a-z]{4,}/i.test(v));
    expect(same.map(([k]) => k)).toEqual([]);
  });

  it('no message uses a character vue-i18n would read as syntax by accident', () => {
    for (const [k, v] of [...EN, ...FR]) {
      expect(v, k).not.toMatch(/@|\$/);
      if (v.includes('|')) expect(k, 'plural messages only').toMatch(/count|everyUnit|attemptsLeft/);
    }
  });
});
