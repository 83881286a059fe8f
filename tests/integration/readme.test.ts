import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { branchPairingText } from '../../electron/core/services/export';
import { assertInvariants, Caller, memoryCore } from '../support/core';

/**
 * The README's scripted API calls are a contract (scripts of MFIs and head offices copy them): every `curl` line
 * of its "Scripting the API" section runs here, in order, each cookie jar a signed-in caller of its own, and
 * every `"key":value` written in a `# ->` answer beside a call must be in that call's answer.
 */
interface Call {
  jar: string;
  /** B: the branch; H: head office */
  host: 'B' | 'H';
  operation: string;
  /** the body as written: a pairing file's text (`$(jq -Rs . < NRB.pair)`) is put in when the call runs */
  body: string;
  expected: [string, unknown][];
}

function readmeCalls(): Call[] {
  const text = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Scripting the API'), text.indexOf('## Layout'));
  const calls: Call[] = [];
  // a call's body may run over several lines; its answer comment follows on the same line or the next ones
  const pattern = /curl -sk? -c (\w+) -b \1 -H "\$J" \$([BH])\/([\w.]+) -d (?:'([^']*)'|"((?:[^"\\]|\\.)*)")([^\n]*(?:\n#[^\n]*)*)/g;
  for (const m of section.matchAll(pattern)) {
    const answer = m[6]!.includes('->') ? m[6]!.slice(m[6]!.indexOf('->')) : '';
    const expected = [...answer.matchAll(/"(\w+)":("[^"]*"|-?\d+(?:\.\d+)?|true|false)/g)]
      .filter(([, , v]) => v !== '"..."' && v !== '"YYYY-MM-DD"')
      .map(([, k, v]): [string, unknown] => [k!, JSON.parse(v!)]);
    const body = m[4] ?? m[5]!.replace(/\\"/g, '"');
    calls.push({ jar: m[1]!, host: m[2] as 'B' | 'H', operation: m[3]!, body: body.replace(/\n\s*/g, ' '), expected });
  }
  return calls;
}

/** Whether `key` holds `value` anywhere in `data`. */
function holds(data: unknown, key: string, value: unknown): boolean {
  if (Array.isArray(data)) return data.some((d) => holds(d, key, value));
  if (data && typeof data === 'object') {
    return Object.entries(data).some(([k, v]) => (k === key && v === value) || holds(v, key, value));
  }
  return false;
}

describe('the README scripted calls', () => {
  it('run exactly as written, in order, with the answers the README shows', async () => {
    const calls = readmeCalls();
    expect(calls.length).toBeGreaterThan(30);
    const { core } = await memoryCore();
    // head office's calls go to a head office of their own; the pairing files are the two sides' own
    const hq = await openCore({ dataDir: null, headOffice: true });
    const jars = new Map<string, Caller>();
    let bundles: { name: string; base64: string }[] = [];
    for (const call of calls) {
      const caller = jars.get(call.jar) ?? new Caller(call.host === 'H' ? hq : core);
      jars.set(call.jar, caller);
      let text = call.body;
      if (text.includes('$(jq -Rs . < NRB.pair)')) text = text.replace('$(jq -Rs . < NRB.pair)', JSON.stringify(await branchPairingText(core.db, null)));
      if (text.includes('$(jq -Rs . < HQ.pair)')) text = text.replace('$(jq -Rs . < HQ.pair)', JSON.stringify((await jars.get('hq')!.ok('hq.pairing', {})).text));
      const body = JSON.parse(text) as Record<string, unknown>;
      // the files of hq.importBundles are the bundles the branch's exports.download gave, as a script passes them on
      if (call.operation === 'hq.importBundles') body.files = bundles;
      const env = await caller.raw(call.operation, body);
      if (!env.ok) throw new Error(`${call.operation} ${text} failed: ${JSON.stringify(env.error)}`);
      if (call.operation === 'exports.download') bundles = (env.data as { files: { name: string; base64: string }[] }).files;
      for (const [key, value] of call.expected) {
        if (key === 'ok') continue;
        expect(holds(env.data, key, value), `${call.operation}: "${key}":${JSON.stringify(value)}`).toBe(true);
      }
    }
    expect(bundles.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.host === 'H').map((c) => c.operation)).toEqual(
      expect.arrayContaining(['hq.initialize', 'hq.registerBranch', 'hq.importBundles', 'hq.branches', 'hq.portfolio', 'hq.trialBalance', 'hq.lookup']),
    );
    hq.close();
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['tills.allocate', 'tills.open', 'tills.close', 'tills.report', 'savings.get', 'loans.repay', 'centers.create', 'groups.create', 'calendars.create', 'loans.submitJlg', 'collectionSheet.get', 'collectionSheet.save', 'collectionSheet.post', 'reports.list', 'reports.run', 'reports.export', 'dashboard.get']));
    assertInvariants(core);
  });
});
