import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertInvariants, Caller, memoryCore } from '../support/core';

/**
 * The README's scripted API calls are a contract (scripts of MFIs and head offices copy them): every `curl` line
 * of its "Scripting the API" section runs here, in order, each cookie jar a signed-in caller of its own, and
 * every `"key":value` written in a `# ->` answer beside a call must be in that call's answer.
 */
interface Call {
  jar: string;
  operation: string;
  body: unknown;
  expected: [string, unknown][];
}

function readmeCalls(): Call[] {
  const text = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Scripting the API'), text.indexOf('## Layout'));
  const calls: Call[] = [];
  // a call's body may run over several lines; its answer comment follows on the same line or the next ones
  const pattern = /curl -s -c (\w+) -b \1 -H "\$J" \$B\/([\w.]+) -d '([^']*)'([^\n]*(?:\n#[^\n]*)*)/g;
  for (const m of section.matchAll(pattern)) {
    const answer = m[4]!.includes('->') ? m[4]!.slice(m[4]!.indexOf('->')) : '';
    const expected = [...answer.matchAll(/"(\w+)":("[^"]*"|-?\d+(?:\.\d+)?|true|false)/g)]
      .filter(([, , v]) => v !== '"..."' && v !== '"YYYY-MM-DD"')
      .map(([, k, v]): [string, unknown] => [k!, JSON.parse(v!)]);
    calls.push({ jar: m[1]!, operation: m[2]!, body: JSON.parse(m[3]!.replace(/\n\s*/g, ' ')), expected });
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
    const jars = new Map<string, Caller>();
    for (const call of calls) {
      const caller = jars.get(call.jar) ?? new Caller(core);
      jars.set(call.jar, caller);
      const env = await caller.raw(call.operation, call.body);
      if (!env.ok) throw new Error(`${call.operation} ${JSON.stringify(call.body)} failed: ${JSON.stringify(env.error)}`);
      for (const [key, value] of call.expected) {
        if (key === 'ok') continue;
        expect(holds(env.data, key, value), `${call.operation}: "${key}":${JSON.stringify(value)}`).toBe(true);
      }
    }
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['tills.allocate', 'tills.open', 'tills.close', 'tills.report', 'savings.get', 'loans.repay']));
    assertInvariants(core);
  });
});
