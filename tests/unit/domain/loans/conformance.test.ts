/**
 * Conformance: published schedules (Fineract's own e2e tables, spreadsheet PMT examples, Mifos documents) and
 * derived cases, each with its source in the fixture, must come out to the minor unit.
 */
import { describe, expect, it } from 'vitest';
import published from '../../../fixtures/loan-schedules.json';
import derived from '../../../fixtures/loan-schedules-derived.json';
import { pick, schedule, type ScheduleCase } from './helpers';

for (const [title, file] of [
  ['published schedules (tests/fixtures/loan-schedules.json)', published],
  ['derived schedules (tests/fixtures/loan-schedules-derived.json)', derived],
] as const) {
  describe(title, () => {
    for (const c of (file as { cases: ScheduleCase[] }).cases) {
      it(c.name, () => {
        expect(c.source.length).toBeGreaterThan(10);
        const actual = schedule(c.input);
        expect(pick(actual, c.expected)).toEqual(c.expected);
      });
    }
  });
}
