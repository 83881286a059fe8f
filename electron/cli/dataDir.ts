import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data folder: --data-dir, else BRANCHBOX_DATA_DIR, else the same per-user folder the desktop app uses
 * (Electron's app.getPath('userData') for the product name "Branchbox").
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BRANCHBOX_DATA_DIR) return env.BRANCHBOX_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Branchbox');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Branchbox');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Branchbox');
}
