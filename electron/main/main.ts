import { app, BrowserWindow, ipcMain, session, shell, dialog } from 'electron';
import { saveDownloadsToAFolder } from './downloads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openCore, type Core } from '../core';
import { AppError } from '../../shared/errors';
import { desktopUnlock, LOCKED_ADVICE, sealForNextStart, systemKeyWrapper } from './keyWrapper';
import { CALL_CHANNEL, isTrustedSender } from './ipcGuard';
import { dataFolderProblem, installFolder, newestBackup, openFailureMessage } from './dataFolder';
import { holdDataFolder, privateFilesFromNowOn, restrictFolderOnWindows, type FolderHold } from '../core/db/dataFolder';

/**
 * The Electron host: thin by design. It owns the window, the single-instance lock and one IPC channel that
 * hands calls to the core's dispatcher; every rule lives in electron/core.
 */
const rendererIndex = join(__dirname, '..', '..', '..', 'renderer', 'index.html');
const appUrl = pathToFileURL(rendererIndex).toString();
let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
/** The data folder, held for the app's lifetime: a browser host on the same folder is refused meanwhile. */
let folder: FolderHold | null = null;
/** Session token per window: the renderer never sees it. */
let sessionToken: string | null = null;
/**
 * `--smoke-test` (CI, on the packaged app): start, open the data, load the window, serve the renderer's first
 * call, then exit 0; any failure exits non-zero instead of showing a dialog.
 */
const smokeTest = process.argv.includes('--smoke-test');

function fail(title: string, message: string): void {
  if (smokeTest) {
    console.error(`${title}: ${message}`);
    app.exit(1);
    return;
  }
  dialog.showErrorBox(title, message);
  app.quit();
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    title: 'Branchbox',
    show: false,
    webPreferences: {
      preload: join(__dirname, '..', 'preload', 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // No navigation away from the app and no new windows; links to the web open in the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== appUrl && !url.startsWith(`${appUrl}#`)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadFile(rendererIndex);
  return win;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  saveDownloadsToAFolder(session.defaultSession, dialog, () => mainWindow);
  const dataDir = process.env.BRANCHBOX_DATA_DIR || app.getPath('userData');
  const problem = app.isPackaged ? dataFolderProblem(dataDir, installFolder(process.resourcesPath, process.platform), process.platform) : null;
  if (problem) {
    fail('Branchbox cannot use this data folder', problem);
    return;
  }
  // the files it writes are the signed-in user's only (POSIX umask; Windows: the folder's ACL)
  privateFilesFromNowOn();
  try {
    folder = holdDataFolder(dataDir, 'desktop app');
    restrictFolderOnWindows(dataDir);
  } catch (err) {
    folder?.release();
    fail('Branchbox cannot use this data folder', (err as Error).message);
    return;
  }
  try {
    // A newer version meeting an older database backs it up (backups/), then migrates in one transaction.
    // An encrypted branch opens with the key the operating system sealed for this account (keyWrapper.ts).
    const system = systemKeyWrapper();
    core = await openCore({ dataDir, unlock: desktopUnlock(system) });
    sealForNextStart(core, system);
  } catch (err) {
    folder.release();
    const locked = err instanceof AppError && err.fields?.some((f) => f.field === 'passphrase');
    fail('Branchbox cannot open its data', openFailureMessage(`${(err as Error).message}${locked ? `\n\n${LOCKED_ADVICE}` : ''}`, dataDir, newestBackup(dataDir)));
    return;
  }
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event, mainWindow?.webContents.id ?? null, appUrl) || !core) {
      return { ok: false, error: { code: 'PERMISSION_DENIED', message: 'Refused: the call did not come from the Branchbox window' } };
    }
    const result = await core.dispatch(String(name), input, { sessionToken });
    if (result.sessionToken !== undefined) sessionToken = result.sessionToken;
    if (smokeTest) setImmediate(() => app.exit(result.envelope.ok ? 0 : 2));
    return result.envelope;
  });
  if (smokeTest) setTimeout(() => fail('Smoke test', 'the window made no call within 60 seconds'), 60_000);
  mainWindow = createWindow();
  mainWindow.on('closed', () => {
    mainWindow = null;
    sessionToken = null;
  });
}

app.on('window-all-closed', () => {
  core?.close();
  core = null;
  folder?.release();
  folder = null;
  app.quit();
});

void start();
