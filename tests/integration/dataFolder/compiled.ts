import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { tempDir } from '../../support/core';

export const ROOT = resolve(__dirname, '../../..');

/**
 * electron/core/db/dataFolder.ts and the project files it imports (followed through their relative imports)
 * compiled to CommonJS in a folder of the test's, so that another process (started with NODE_PATH set to the
 * project's node_modules) runs the module itself: holds a data folder the way a host does and is killed, or sets its
 * umask.
 */
export function compiledDataFolderModule(): string {
  const out = tempDir('branchbox-compiled-');
  const todo = [join(ROOT, 'electron/core/db/dataFolder.ts')];
  const done = new Set<string>();
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)'/g)) todo.push(`${resolve(dirname(file), m[1]!)}.ts`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const target = join(out, relative(ROOT, file).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  return join(out, 'electron/core/db/dataFolder.js');
}
