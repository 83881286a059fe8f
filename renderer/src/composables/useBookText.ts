import { useI18n } from 'vue-i18n';
import { bookTextOfCell, renderBookText, type BookText, type Say } from '../../../shared/bookText';
import { useFormat } from './useFormat';

/** Every parameter a `books.` message takes (shared/bookText.ts, electron/core/services/accounting/bookTexts.ts). */
const PARAMS = ['account', 'charge', 'date', 'from', 'login', 'manager', 'note', 'of', 'sheet', 'teller', 'text', 'to'] as const;

/**
 * What the books wrote in English (template account names, the core's journal descriptions), said in the user's
 * language from the key and parameters the core returns beside the stored text (`books.*` in the i18n files); an
 * account the branch renamed, a user's own words and anything without a message are shown as stored.
 */
export function useBookText() {
  const { t, te, tm } = useI18n();
  const fmt = useFormat();
  const say: Say = (key, params) => {
    const path = `books.${key}`;
    if (!te(path)) return null;
    return t(path, params.date === undefined ? params : { ...params, date: fmt.date(params.date) });
  };
  const said = (stored: string, text: BookText | null | undefined): string => (text ? (renderBookText(text, say) ?? stored) : stored);
  return {
    said,
    /** an account's name: a template account's in the user's language, a name the branch typed as typed */
    accountName: (a: { name: string; nameText?: BookText | null }) => said(a.name, a.nameText),
    /** "1110 Coffre de l’agence": an account as a choice of a list */
    accountLabel: (a: { code: string; name: string; nameText?: BookText | null }) => `${a.code} ${said(a.name, a.nameText)}`,
    /** a journal description (an entry's, a statement line's) */
    description: (e: { description: string; text?: BookText | null }) => said(e.description, e.text),
    /** a report row's text cell carrying a BookText beside it (`nameText`, `descriptionText`) */
    cell: (stored: string, cell: unknown) => said(stored, bookTextOfCell(cell)),
    /**
     * The `books.` messages of the user's language with their placeholders, by key ("accounts.1110"): what
     * reports.export takes as `words` to write a file in the user's language (the core has no translations).
     */
    words(): Record<string, string> {
      const placeholders = Object.fromEntries(PARAMS.map((p) => [p, `{${p}}`]));
      const out: Record<string, string> = {};
      // te is true of a message (a string, or its compiled form), false of a group of messages
      const walk = (path: string, node: unknown): void => {
        if (te(`books.${path}`)) out[path] = t(`books.${path}`, placeholders);
        else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(path ? `${path}.${k}` : k, v);
      };
      for (const [k, v] of Object.entries(tm('books') as Record<string, unknown>)) walk(k, v);
      return out;
    },
  };
}
