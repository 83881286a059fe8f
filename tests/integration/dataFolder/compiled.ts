import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { tempDir } from '../../support/core';

export const ROOT = resolve(__dirname, '../../..');

/**
 * electron/core/db/dataFolder.ts and the one file it imports compiled to CommonJS in a folder of the test's, so that
 * another process (started with NODE_PATH set to the project's node_modules) runs the module itself: holds a data
 * folder the way a host does and is killed, or sets its umask.
 */
export function compiledDataFolderModule(): string {
  const out = tempDir('branchbox-compiled-');
  for (const rel of ['electron/core/db/dataFolder.ts', 'shared/errors.ts']) {
    const js = ts.transpileModule(readFileSync(join(ROOT, rel), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const target = join(out, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  return join(out, 'electron/core/db/dataFolder.js');
}
