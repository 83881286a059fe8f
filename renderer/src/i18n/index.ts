import { createI18n } from 'vue-i18n';
import en from './en.json';
import fr from './fr.json';

/**
 * Every visible string lives in <locale>.json. English is the fallback; both files must hold the same keys
 * (tests/unit/renderer/i18n.test.ts checks it). Message syntax note: `@`, `|`, `{` and `}` are special to
 * vue-i18n; write them as {'@'} etc.
 */
export const LOCALES = ['en', 'fr'] as const;
export type AppLocale = (typeof LOCALES)[number];
export type MessageSchema = typeof en;

const STORAGE_KEY = 'branchbox.locale';
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'dv']);

function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function readStoredLocale(): AppLocale | null {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isAppLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

function initialLocale(): AppLocale {
  const stored = readStoredLocale();
  if (stored) return stored;
  const preferred = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase());
  return preferred.find(isAppLocale) ?? 'en';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, fr },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

export function currentLocale(): AppLocale {
  const value = i18n.global.locale.value;
  return isAppLocale(value) ? value : 'en';
}

export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(locale.slice(0, 2).toLowerCase()) ? 'rtl' : 'ltr';
}

/** Applies a language: messages, <html lang dir>, and remembers it on this computer. */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  applyDocumentLocale(locale);
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this window only.
  }
}

export function applyDocumentLocale(locale: AppLocale): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}

/**
 * The locale used for Intl formatting: the user's own regional variant of the chosen language when the system
 * has one (fr-SN, en-KE), otherwise the bare language.
 */
export function intlLocale(locale: AppLocale): string {
  const candidates = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : [];
  return candidates.find((l) => l.toLowerCase().startsWith(locale + '-')) ?? locale;
}
