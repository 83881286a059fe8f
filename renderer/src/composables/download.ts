/**
 * Saves text as a file through the browser's own download (a Blob link): no Node API and no path chosen by the
 * renderer (ARCHITECTURE.md section 8). Under Electron the download goes through the session's save dialog.
 */
export function downloadText(filename: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  // A byte-order mark so that spreadsheet programs read accents (Wanjikũ, Hélène) as UTF-8.
  const body = mime.startsWith('text/csv') ? '\ufeff' + text : text;
  saveBlob(filename, new Blob([body], { type: mime }));
}

function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // a minute: the browser reads a large file (a bundle of megabytes) from the link after the click returns
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
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

/** Saves a file given as base64 (a bundle for head office) through the browser's own download. */
export function downloadBase64(filename: string, base64: string, mime = 'application/octet-stream'): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  saveBlob(filename, new Blob([bytes], { type: mime }));
}

/** Reads a file the user chose as base64 (its bytes, for an operation that takes file contents). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // a data: URL, "data:<type>;base64,<the bytes>"
    reader.onload = () => resolve(String(reader.result ?? '').replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
