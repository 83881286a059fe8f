import { callApi, expect, screenshot, test } from './fixtures';
import { setUpBranchByApi } from './setupApi';
import { ClientDetail, ClientsPage, DEFAULT_BRANCH, Shell, SignInPage, UsersPage, WelcomePage } from './pages';

const TELLER = { username: 'teller1', displayName: 'Peter Otieno', password: 'Teller-pass-2026', roles: ['TELLER'] };

test('a branch is set up, a client is registered, found by phone and edited; a teller cannot manage users', async ({ page, host, request }) => {
  // First start: the two big choices, then the wizard.
  const welcome = new WelcomePage(page);
  await welcome.open();
  const wizard = await welcome.chooseSetUp();
  const shell = await wizard.complete();
  await expect(page.getByTestId('topbar-organisation')).toHaveText(DEFAULT_BRANCH.organisation);
  await expect(page.getByTestId('topbar-office')).toHaveText(DEFAULT_BRANCH.office.name);
  await expect(page.getByTestId('training-banner')).toHaveCount(0);

  // Register a client with a phone number and an identity document.
  const clients = new ClientsPage(page);
  await expect(page.getByTestId('clients-page')).toBeVisible();
  const form = await clients.newClient();
  await form.fill({
    firstname: 'Amina',
    lastname: 'Chebet',
    mobileNo: '+254 711 222 333',
    identifiers: [{ documentType: 'NATIONAL_ID', documentKey: 'ab123456' }],
  });
  await form.save();
  const detail = new ClientDetail(page);
  await detail.expectLoaded('Amina Chebet');
  await expect(page.getByTestId('client-status')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(page.getByTestId('client-mobile-value')).toHaveText('+254711222333');
  await expect(page.getByTestId('client-identifier')).toContainText('AB123456');
  const accountNo = (await page.getByTestId('client-account-no').innerText()).trim();

  // Find it again by phone number from the client list.
  await shell.go('clients');
  // A teller types the number as the client says it, without the country code or the leading 0.
  await clients.search('711222333');
  await expect(clients.rows()).toHaveCount(1);
  await expect(clients.rows().first()).toContainText('Amina Chebet');
  await expect(clients.rows().first()).toContainText(accountNo);
  // Keyboard, as at the counter: Enter in the search box opens the only match.
  await page.getByTestId('client-search').press('Enter');
  await detail.expectLoaded('Amina Chebet');

  // Edit: new last name and an address.
  const edit = await detail.edit();
  await edit.fill({ lastname: 'Chebet-Kamau', address: 'Plot 12, Moi Avenue' });
  await edit.save();
  await detail.expectLoaded('Amina Chebet-Kamau');
  await expect(page.getByTestId('client-address-value')).toHaveText('Plot 12, Moi Avenue');

  // The administrator creates a teller through the Users screen.
  await shell.go('users');
  await new UsersPage(page).createUser(TELLER);

  // Five wrong passwords lock the teller out; the administrator lifts the lock from the Users screen.
  for (let i = 0; i < 5; i++) {
    const r = await callApi(request, host, 'session.login', { username: TELLER.username, password: `wrong-${i}-password` });
    expect(r.ok).toBe(false);
  }
  await page.reload();
  const tellerRow = page.getByTestId('users-table-row').filter({ hasText: TELLER.username });
  await expect(tellerRow.getByTestId('user-locked')).toBeVisible();
  await tellerRow.getByTestId(`user-unlock-${TELLER.username}`).click();
  await expect(tellerRow.getByTestId('user-locked')).toHaveCount(0);

  // Sign out, sign in as the teller.
  const signIn: SignInPage = await shell.signOut();
  await signIn.signIn(TELLER.username, TELLER.password);
  const tellerShell = new Shell(page);
  await tellerShell.expectSignedIn(TELLER.displayName);
  await expect(tellerShell.nav('clients')).toBeVisible();
  await expect(tellerShell.nav('users')).toHaveCount(0);
  await expect(tellerShell.nav('settings')).toHaveCount(0);
  // The teller lands on their dashboard; a teller finds clients but does not register them.
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await tellerShell.go('clients');
  await expect(page.getByTestId('client-new')).toHaveCount(0);
  await clients.search('Chebet');
  await expect(clients.rows()).toHaveCount(1);
  // Down arrow from the search box reaches the list; Enter opens the client.
  await page.getByTestId('client-search').press('ArrowDown');
  await expect(clients.rows().first()).toBeFocused();
  await page.keyboard.press('Enter');
  await detail.expectLoaded('Amina Chebet-Kamau');
  await expect(page.getByTestId('client-edit')).toHaveCount(0);
  await expect(page.getByTestId('client-close')).toHaveCount(0);
  await tellerShell.go('clients');
  // Typing the address does not help either: the Users screen sends the teller home (their dashboard).
  await page.goto('/#/users');
  await expect(page.getByTestId('dashboard-page')).toBeVisible();
  await expect(page.getByTestId('users-page')).toHaveCount(0);

  // And the core refuses the operation itself.
  const refused = await callApi(page.request, host, 'users.create', {
    username: 'intruder',
    displayName: 'Not Allowed',
    password: 'Intruder-2026x',
    roles: ['ADMINISTRATOR'],
  });
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('PERMISSION_DENIED');
  await screenshot(page, 'teller-home-en');
});

test('sign-in errors are clear and translated', async ({ page, host }) => {
  await setUpBranchByApi(page, host);
  await page.context().clearCookies();
  const signIn = new SignInPage(page);
  await signIn.open();
  await signIn.signIn('admin', 'wrong-password-1');
  await expect(signIn.error).toContainText('username or the password is not right');
  await page.getByTestId('lang-fr').click();
  await expect(signIn.error).toContainText('Le nom d’utilisateur ou le mot de passe est incorrect');
  await expect(page.getByTestId('signin-attempts-left')).toHaveCount(0);
  // Near the limit the screen warns; five failures lock the account.
  for (let i = 2; i <= 4; i++) await signIn.signIn('admin', `wrong-password-${i}`);
  await expect(page.getByTestId('signin-attempts-left')).toContainText('encore un mot de passe erroné');
  await signIn.signIn('admin', 'wrong-password-5');
  await expect(signIn.error).toContainText('Ce compte est bloqué');
  await expect(page.getByTestId('signin-locked-until')).toContainText('Bloqué jusqu’à');
  await page.getByTestId('lang-en').click();
  await expect(signIn.error).toContainText('This account is locked');
});
