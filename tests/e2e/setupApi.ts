import type { Page } from '@playwright/test';
import { callApi, expect, type Host } from './fixtures';
import { DEFAULT_BRANCH } from './pages';

/** Sets a branch up through the API (for tests that are about a later screen); the page is then signed in. */
export async function setUpBranchByApi(page: Page, host: Host): Promise<void> {
  const result = await callApi(page.request, host, 'setup.initialize', {
    organisation: { name: DEFAULT_BRANCH.organisation },
    currency: { code: 'KES', decimalPlaces: 2, inMultiplesOf: 0 },
    office: { code: DEFAULT_BRANCH.office.code, name: DEFAULT_BRANCH.office.name, headOffice: false },
    admin: { ...DEFAULT_BRANCH.admin },
  });
  expect(result.ok, JSON.stringify(result.error)).toBe(true);
}
