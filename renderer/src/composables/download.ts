/**
 * Saves text as a file through the browser's own download (a Blob link): no Node API and no path chosen by the
 * renderer (ARCHITECTURE.md section 8). Under Electron the download goes through the session's save dialog.
 */
export function downloadText(filename: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  // A byte-order mark so that spreadsheet programs read accents (Wanjikũ, Hélène) as UTF-8.
  const body = mime.startsWith('text/csv') ? '\ufeff' + text : text;
  const url = URL.createObjectURL(new Blob([body], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a file the user chose (an <input type="file">) as text. */
export function readFileText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}
