/**
 * The IPC sender check (ARCHITECTURE.md section 8): a call is served only when it comes from the main frame
 * of the app's own window, showing the app's own page. Kept free of Electron imports so tests can feed it
 * fake events.
 */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export function isTrustedSender(event: SenderLike, windowContentsId: number | null, appUrl: string): boolean {
  if (windowContentsId === null || event.sender.id !== windowContentsId) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return stripHash(frame.url) === stripHash(appUrl);
}

function stripHash(url: string): string {
  const i = url.indexOf('#');
  return i >= 0 ? url.slice(0, i) : url;
}

/** The one channel between the renderer and the core. */
export const CALL_CHANNEL = 'branchbox:call';
