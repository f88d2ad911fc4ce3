import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { freshAccount, signIn as signInOverHttp } from '../security/support';
import { demoPassword, expectAccessible, signIn } from './helpers';

test.describe('signing in', () => {
	for (const [username, landing, heading] of [
		['participant1', '/', /Hello Jordan/],
		['navigator1', '/navigator', /Today/],
		['coordinator', '/coordinator', /Programme overview/]
	] as const) {
		test(`${username} lands on ${landing}`, async ({ page }) => {
			await signIn(page, username);
			await expect(page).toHaveURL(landing);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		});
	}

	test('a wrong passphrase and an unknown user get the same answer, and the username stays', async ({
		page
	}) => {
		await page.goto('/login');
		await page.getByLabel('Username').fill('participant2');
		await page.getByLabel('Passphrase').fill('not-the-passphrase');
		await page.getByRole('button', { name: 'Sign in' }).click();
		const wrong = await page.locator('.field-error').innerText();
		await expect(page.getByLabel('Username')).toHaveValue('participant2');

		await page.getByLabel('Username').fill('nobody-by-this-name');
		await page.getByLabel('Passphrase').fill('not-the-passphrase');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.locator('.field-error')).toHaveText(wrong);
		expect(wrong).toContain('do not match');
	});

	test('empty fields get messages next to the fields and in a summary', async ({ page }) => {
		await page.goto('/login');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText('Enter your username.');
		await expect(page.locator('#username-error')).toContainText('Enter your username.');
		await expect(page.locator('#password-error')).toContainText('Enter your passphrase.');
	});

	test('repeated failures are throttled with the wait in words', async ({ request }) => {
		let last;
		for (let i = 0; i < 7; i++) {
			last = await request.post('/login', {
				form: { username: 'throttle-probe', password: `guess-${i}` },
				headers: { origin: new URL(test.info().project.use.baseURL!).origin, accept: 'text/html' },
				maxRedirects: 0
			});
		}
		expect(last!.status()).toBe(429);
		expect(await last!.text()).toMatch(/Please wait \d+ (seconds|minutes?)/);
	});

	test('a signed-out visitor goes to sign in, then back to the page they asked for', async ({
		page
	}) => {
		await page.goto('/navigator/participants/new?from=2');
		await expect(page).toHaveURL(
			/\/login\?redirectTo=%2Fnavigator%2Fparticipants%2Fnew%3Ffrom%3D2/
		);
		await page.getByLabel('Username').fill('navigator1');
		await page.getByLabel('Passphrase').fill(demoPassword);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/navigator/participants/new?from=2');
	});

	test('an off-site redirectTo is ignored', async ({ page }) => {
		await page.goto('/login?redirectTo=//evil.example/steal');
		await page.getByLabel('Username').fill('participant3');
		await page.getByLabel('Passphrase').fill(demoPassword);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/');
	});

	test("another role's page is 403", async ({ page }) => {
		await signIn(page, 'participant1');
		for (const path of ['/navigator', '/coordinator', '/coordinator/users']) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(403);
		}
	});

	test('after signing out, Back shows nothing personal', async ({ page }) => {
		await signIn(page, 'participant1');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Jordan');
		await page.getByRole('button', { name: 'Sign out' }).first().click();
		await expect(page).toHaveURL(/\/login/);
		await page.goBack();
		await expect(page).toHaveURL(/\/login/);
		await expect(page.locator('body')).not.toContainText('Jordan');
	});
});

test.describe('accounts', () => {
	test('a navigator enrols a participant, who activates with the code and lands on home', async ({
		page,
		browser
	}) => {
		await signIn(page, 'navigator1');
		await page.goto('/navigator/participants/new');
		const username = `newperson${Date.now() % 100000}`;
		await page.getByLabel('Name', { exact: true }).fill('Robin Newperson');
		await page.getByLabel('Username').fill(username);
		await page.getByLabel('Programme reference').fill(`CP-T-${Date.now() % 100000}`);
		await page.getByLabel('Contract start date').fill(new Date().toISOString().slice(0, 10));
		await page.getByRole('button', { name: 'Enrol and get a code' }).click();
		const code = (await page.locator('.code-display').innerText()).trim();
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

		const participant = await (await browser.newContext()).newPage();
		await participant.goto('/activate');
		await participant.getByLabel('Your code').fill(code.toLowerCase());
		await participant.getByRole('button', { name: 'Next' }).click();
		await expect(participant.getByText(`Your username is ${username}`)).toBeVisible();

		await participant.getByLabel('Passphrase', { exact: true }).fill('password123');
		await participant.getByLabel('Type it again').fill('password123');
		await participant.getByRole('button', { name: 'Set up my account' }).click();
		await expect(participant.locator('#passphrase-error')).toContainText('too common');

		const tooLong = 'x'.repeat(10_000);
		await participant.getByLabel('Passphrase', { exact: true }).fill(tooLong);
		await participant.getByLabel('Type it again').fill(tooLong);
		await participant.getByRole('button', { name: 'Set up my account' }).click();
		await expect(participant.locator('#passphrase-error')).toContainText('256 characters or fewer');

		await participant.getByLabel('Passphrase', { exact: true }).fill('blue kettle 🫖 morning');
		await participant.getByLabel('Type it again').fill('blue kettle 🫖 morning');
		await participant.getByRole('button', { name: 'Set up my account' }).click();
		await expect(participant).toHaveURL('/?welcome=1');
		await expect(participant.getByRole('heading', { level: 1 })).toHaveText('Hello Robin');

		const again = await (await browser.newContext()).newPage();
		await again.goto('/activate');
		await again.getByLabel('Your code').fill(code);
		await again.getByRole('button', { name: 'Next' }).click();
		await expect(again.locator('#code-error')).toContainText('already been used');

		await again.goto('/login');
		await again.getByLabel('Username').fill(username);
		await again.getByLabel('Passphrase').fill('blue kettle 🫖 morning');
		await again.getByRole('button', { name: 'Sign in' }).click();
		await expect(again).toHaveURL('/');
	});

	test('a wrong activation code gets a clear message and keeps what was typed', async ({
		page
	}) => {
		await page.goto('/activate');
		await page.getByLabel('Your code').fill('AAAA-BBBB-CCCC');
		await page.getByRole('button', { name: 'Next' }).click();
		await expect(page.locator('#code-error')).toContainText('does not work');
		await expect(page.getByLabel('Your code')).toHaveValue('AAAA-BBBB-CCCC');
	});

	test('the coordinator adds a navigator, then deactivating them ends their sign-in', async ({
		page,
		browser
	}) => {
		await signIn(page, 'coordinator');
		await page.goto('/coordinator/users');
		const username = `nav${Date.now() % 100000}`;
		const staff = page.locator('section', { hasText: 'Add a member of staff' });
		await staff.getByLabel('Name', { exact: true }).fill('Jamie Staff');
		await staff.getByLabel('Username').fill(username);
		await staff.getByRole('button', { name: 'Add and get a code' }).click();
		const code = (await page.locator('.code-display').innerText()).trim();
		// Ready for the next person: the form no longer shows the account just made.
		await expect(staff.getByLabel('Name', { exact: true })).toHaveValue('');
		await expect(staff.getByLabel('Username')).toHaveValue('');

		const navigator = await (await browser.newContext()).newPage();
		await navigator.goto('/activate');
		await navigator.getByLabel('Your code').fill(code);
		await navigator.getByRole('button', { name: 'Next' }).click();
		await navigator.getByLabel('Passphrase', { exact: true }).fill('quiet river lantern');
		await navigator.getByLabel('Type it again').fill('quiet river lantern');
		await navigator.getByRole('button', { name: 'Set up my account' }).click();
		// A new member of staff sets up their authenticator app before anything else.
		await expect(navigator).toHaveURL(/\/2fa\/setup\?redirectTo=%2Fnavigator/);

		// A navigator with people on their caseload stays on until they are moved.
		await page.goto('/coordinator/users?q=navigator1');
		await page.getByRole('button', { name: 'Deactivate Morgan Reid' }).click();
		await expect(page.getByRole('alert')).toContainText(
			/Morgan Reid still has \d+ participants?\. Move them to another navigator first\./
		);
		await expect(page.getByRole('button', { name: 'Deactivate Morgan Reid' })).toBeVisible();

		await page.goto('/coordinator/users');
		await page.getByLabel('Find someone').fill(username.toUpperCase());
		await page.getByRole('button', { name: 'Find', exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`[?&]q=${username.toUpperCase()}`));
		await expect(page.getByText(`Showing 1 of 1 account matching`)).toBeVisible();
		await page.getByRole('button', { name: 'Deactivate Jamie Staff' }).click();
		await expect(page.getByRole('status')).toContainText('deactivated');
		// The search is still there after the change.
		await expect(page.getByLabel('Find someone')).toHaveValue(username.toUpperCase());
		await expect(page.getByRole('button', { name: 'Reactivate Jamie Staff' })).toBeVisible();

		await navigator.goto('/navigator');
		await expect(navigator).toHaveURL(/\/login/);
	});

	test('participants left under a switched-off navigator are listed for the coordinator to move', async ({
		page
	}) => {
		const coordinator = await signInOverHttp('coordinator');
		const gone = await freshAccount('navigator', coordinator, 'Robin Gone');
		const person = await freshAccount('participant', coordinator, 'Casey Left', gone.id);
		// As a database from before switching off such a navigator was refused may hold.
		const db = new Database('./data/e2e.db', { fileMustExist: true });
		db.pragma('busy_timeout = 5000');
		try {
			db.prepare('update user set active = 0 where id = ?').run(gone.id);
		} finally {
			db.close();
		}

		await signIn(page, 'coordinator');
		const left = page.getByRole('region', { name: 'Participants whose navigator is switched off' });
		await expect(left.getByRole('listitem').filter({ hasText: 'Casey Left' })).toHaveText(
			'Casey Left, navigator Robin Gone'
		);
		await expectAccessible(page);

		await left.getByRole('link', { name: 'Casey Left' }).click();
		await expect(page).toHaveURL(new RegExp(`/coordinator/users\\?q=${person.username}#everyone`));
		const row = page.getByRole('row').filter({ hasText: 'Casey Left' });
		await expect(row).toContainText('Robin Gone is switched off');
		// No active navigator is shown as theirs: the choice starts empty, and moving needs one.
		const choice = row.getByLabel('Navigator for Casey Left');
		await expect(choice).toHaveValue('');
		await row.getByRole('button', { name: 'Move Casey Left' }).click();
		await expect(page.getByRole('alert')).toContainText('Choose an active navigator.');
		await row.getByLabel('Navigator for Casey Left').selectOption({ label: 'Alex Carter' });
		await row.getByRole('button', { name: 'Move Casey Left' }).click();
		await expect(page.getByRole('status')).toContainText('Caseload updated.');
		await expect(page.getByRole('row').filter({ hasText: 'Casey Left' })).not.toContainText(
			'switched off'
		);

		await page.goto('/coordinator');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programme overview');
		await expect(page.getByText('Casey Left')).toHaveCount(0);
	});
});
