import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * An area as a folder keeps all its SQL in `repository.ts` (STYLE.md "An area as a folder"). In every folder under
 * electron/core/services/ that has a repository.ts, no other file may prepare or run a statement: no call of
 * `sql(...)` / `sql<...>(...)`, no `.prepare(...)`, and no import of db/statements or better-sqlite3 (an alias of
 * `sql` would slip past the call check). An area several engineers fill at once may keep its SQL in more than one
 * repository file at its top (services/reports: `repository.ts`, `flowsRepository.ts`, `accountingRepository.ts`):
 * a file named `repository.ts` or `<family>Repository.ts`. The files are parsed, so a comment or a string that
 * mentions `sql(` is not taken for a call.
 */
const root = join(__dirname, '..', '..', '..');
const services = join(root, 'electron', 'core', 'services');

/** The area folders: those with a repository.ts. */
function areaFolders(): string[] {
  return readdirSync(services)
    .map((name) => join(services, name))
    .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'repository.ts')));
}

function tsFilesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFilesBelow(p);
    return name.endsWith('.ts') ? [p] : [];
  });
}

/** Where `text` prepares or runs SQL itself, as "line: what". */
function sqlUses(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'sql') at(node, node.typeArguments ? 'sql<...>(...)' : 'sql(...)');
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'prepare') at(node, '.prepare(...)');
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      if (/(^|\/)db\/statements$/.test(from) || from === 'better-sqlite3') at(node, `import from '${from}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL lives in repository.ts', () => {
  const folders = areaFolders();

  it('finds the area folders', () => {
    const names = folders.map((f) => relative(services, f));
    expect(names).toEqual(expect.arrayContaining(['accounting', 'loans', 'savings', 'tills']));
  });

  it('sees a call of sql or prepare, and not a mention of one', () => {
    const sample = [
      "import { sql } from '../../db/statements';",
      '// a comment naming sql(db, ...) and db.prepare(...) is not a call',
      "const a = sql<[number], { id: number }>(db, 'SELECT id FROM loans WHERE id = ?').get(1);",
      "const b = sql(db, 'DELETE FROM x').run();",
      "const c = db.prepare('SELECT 1').get();",
      "const d = 'sql(db) in a string'; const e = balanceSql('?');",
    ].join('\n');
    expect(sqlUses('sample.ts', sample)).toEqual([
      "1: import from '../../db/statements'",
      '3: sql<...>(...)',
      '4: sql(...)',
      '5: .prepare(...)',
    ]);
  });

  for (const folder of folders) {
    const area = relative(services, folder).split(sep).join('/');
    it(`services/${area}: no file but repository.ts prepares or runs SQL`, () => {
      const offending = tsFilesBelow(folder)
        .filter((file) => !(dirname(file) === folder && /^(repository|[a-z][A-Za-z]*Repository)\.ts$/.test(basename(file))))
        .flatMap((file) => sqlUses(file, readFileSync(file, 'utf8')).map((use) => `${relative(root, file).split(sep).join('/')}:${use}`));
      expect(offending, `move these into services/${area}/repository.ts`).toEqual([]);
    });
  }
});
