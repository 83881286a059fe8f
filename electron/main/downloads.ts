import { join } from 'node:path';
import type { BrowserWindow, Dialog, DownloadItem, Session } from 'electron';

/**
 * Files the screens save (head office's bundles for a USB stick, pairing files, acknowledgements): in the desktop
 * app, the first of a batch asks for a folder (the stick), and the others saved with it within a few seconds go to
 * the same folder without asking again. Cancelling the dialog saves nothing of the batch.
 */
export const BATCH_MS = 5_000;

export interface Batch {
  folder: string | null;
  until: number;
}

/** Where a file saved at `now` goes: the open batch's folder, or one `pick` asks for (null: cancelled). */
export function folderFor(batch: Batch, now: number, pick: () => string | null): string | null {
  if (now > batch.until) batch.folder = pick();
  batch.until = now + BATCH_MS;
  return batch.folder;
}

export function saveDownloadsToAFolder(session: Session, dialog: Dialog, window: () => BrowserWindow | null): void {
  const batch: Batch = { folder: null, until: 0 };
  session.on('will-download', (_event, item: DownloadItem) => {
    const win = window();
    const pick = () => {
      const options = { title: 'Save to a folder (a USB stick)', properties: ['openDirectory' as const, 'createDirectory' as const] };
      return (win ? dialog.showOpenDialogSync(win, options) : dialog.showOpenDialogSync(options))?.[0] ?? null;
    };
    const folder = folderFor(batch, Date.now(), pick);
    if (folder === null) {
      item.cancel();
      return;
    }
    item.setSavePath(join(folder, item.getFilename()));
  });
}
