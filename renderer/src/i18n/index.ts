import { createI18n } from 'vue-i18n';

/**
 * Every visible string lives in <locale>.json. Both files hold the same keys (tests/unit/renderer/i18n.test.ts
 * checks it), so a screen needs only its own language: each file is a chunk of its own, the one in use loaded
 * before the app mounts (main.ts) and the other when someone switches (issue 19: the first screen's script stays
 * small). Message syntax note: `@`, `|`, `{` and `}` are special to vue-i18n; write them as {'@'} etc.
 */
export const LOCALES = ['en', 'fr'] as const;
export type AppLocale = (typeof LOCALES)[number];
export type MessageSchema = typeof import('./en.json');

const MESSAGES: Record<AppLocale, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./en.json'),
  fr: () => import('./fr.json'),
};

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
  messages: {},
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

/** Loads a language's messages once (its own chunk). */
export async function loadLocale(locale: AppLocale): Promise<void> {
  if (i18n.global.availableLocales.includes(locale)) return;
  i18n.global.setLocaleMessage(locale, (await MESSAGES[locale]()).default);
}

/** Applies a language: messages (loaded first), <html lang dir>, and remembers it on this computer. */
export async function setLocale(locale: AppLocale): Promise<void> {
  await loadLocale(locale);
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
