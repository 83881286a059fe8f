/**
 * Words the books wrote in English, said again in the reader's language (issue 19 point 9).
 *
 * Posted history is never edited, so a journal entry keeps the English description the core wrote and an account
 * keeps its name. Beside the stored text the core returns a `BookText`: what the text says as a key of the i18n
 * files (under `books.`) and its parameters (an account number, a teller's name, a date), read back from the
 * stored text at read time. Whoever shows it (the screen with its i18n messages, the core writing a report file
 * with the messages the screen passed) renders it with `renderBookText`; anything without a message falls back to
 * the stored English text.
 */
export interface BookText {
  /** the message under `books.` in the i18n files: `accounts.1110`, `journal.loan.REPAYMENT` ... */
  key: string;
  /** its parameters; `date` is an ISO date the screen shows the language's way; `note` is text a user typed */
  params: Record<string, string>;
  /** a reversal's: the text of the entry it reverses (a string where that text is a user's own, kept as typed) */
  of?: BookText | string;
}

/** A message said with its parameters, or null when there is none for the key. */
export type Say = (key: string, params: Record<string, string>) => string | null;

/**
 * The text in the reader's language, or null when a message is missing (the caller shows the stored text).
 * A note a user typed is kept as typed after the words (`journal.withNote`).
 */
export function renderBookText(text: BookText, say: Say): string | null {
  const { note, ...params } = text.params;
  if (text.of !== undefined) {
    const inner = typeof text.of === 'string' ? text.of : renderBookText(text.of, say);
    if (inner === null) return null;
    params.of = inner;
  }
  const said = say(text.key, params);
  if (said === null || note === undefined) return said;
  return say('journal.withNote', { text: said, note });
}

/** `{name}` placeholders filled from the parameters (for messages the core is given: it has no i18n library). */
export function fillMessage(message: string, params: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** A BookText carried in a report row's text cell (report cells are strings, numbers or null). */
export function bookTextCell(text: BookText | null): string | null {
  return text === null ? null : JSON.stringify(text);
}

/** The BookText of a report row's cell, or null (not one, or not readable). */
export function bookTextOfCell(cell: unknown): BookText | null {
  if (typeof cell !== 'string' || !cell.startsWith('{')) return null;
  try {
    const v = JSON.parse(cell) as BookText;
    return typeof v.key === 'string' && typeof v.params === 'object' && v.params !== null ? v : null;
  } catch {
    return null;
  }
}
