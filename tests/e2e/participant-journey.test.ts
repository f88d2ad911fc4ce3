import { expect, test, type Browser } from '@playwright/test';
import { addDays, londonDate } from '../../src/lib/dates';
import { signIn } from './helpers';

async function as(browser: Browser, username: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, username);
	return page;
}

test('a past month is Done only when its actions are, and otherwise says what is left', async ({
	browser
}) => {
	const title = `Collect the letter from the GP ${Date.now() % 1_000_000}`;
	const navigator = await as(browser, 'navigator1');
	await navigator.goto('/navigator');
	await navigator
		.locator('a[href^="/navigator/participants/"]', { hasText: 'Kerry Walsh' })
		.first()
		.click();
	const area = navigator.getByRole('region', { name: 'Mental health' });
	await area.getByText('Add an action to Mental health').click();
	const add = area.locator('form', { has: navigator.getByRole('button', { name: 'Add action' }) });
	await add.getByLabel('What needs doing').fill(title);
	// Kerry is 45 days in: 40 days ago is in month 1, which is over.
	await add.getByLabel('Due date (optional)').fill(addDays(londonDate(new Date()), -40));
	await add.getByRole('button', { name: 'Add action' }).click();
	await expect(area).toContainText(title);

	const participant = await as(browser, 'participant3');
	await participant.goto('/plan');
	const month1 = participant.locator('.months > li').first();
	await expect(month1).toContainText('Month 1');
	await expect(month1.locator('.badge')).toHaveText(/^\d+ still to do$/);
	await expect(month1).toContainText(`${title} (not done yet)`);
	await expect(month1.locator('.badge')).not.toHaveText('Done');
	await participant.screenshot({ path: 'test-results/plan-months.png', fullPage: true });
});

test('a forgotten passphrase: the navigator gives a reset code, which signs out every other session', async ({
	browser,
	baseURL
}) => {
	test.slow();
	const origin = new URL(baseURL!).origin;
	const n = String(Date.now() % 1_000_000);
	const name = `Robin Reset ${n}`;
	const navigator = await as(browser, 'navigator1');
	const enrolled = await navigator.request.post('/navigator/participants/new', {
		form: {
			displayName: name,
			username: `reset${n}`,
			reference: `RESET-${n}`,
			contractStart: londonDate(new Date())
		},
		headers: { origin, accept: 'text/html' }
	});
	const firstCode = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(await enrolled.text())![0];

	const oldPhone = await (await browser.newContext()).newPage();
	await oldPhone.goto('/activate');
	await oldPhone.getByLabel('Your code').fill(firstCode);
	await oldPhone.getByRole('button', { name: 'Next' }).click();
	await oldPhone.getByLabel('Passphrase', { exact: true }).fill('quiet river lantern');
	await oldPhone.getByLabel('Type it again').fill('quiet river lantern');
	await oldPhone.getByRole('button', { name: 'Set up my account' }).click();
	await expect(oldPhone).toHaveURL(/\/\?welcome=1$/);

	// Forgotten: wrong guesses until the sign-in page slows them down and says how to get back in.
	const phone = await (await browser.newContext()).newPage();
	await phone.goto('/login');
	await phone.waitForLoadState('networkidle');
	await expect(phone.getByText('forgot your passphrase?')).toBeVisible();
	for (let i = 0; i < 6; i++) {
		await phone.getByLabel('Username').fill(`reset${n}`);
		await phone.getByLabel('Passphrase').fill(`not it ${i}`);
		await phone.getByRole('button', { name: 'Sign in' }).click();
		await expect(phone.getByRole('alert')).toBeVisible();
	}
	await expect(phone.getByRole('alert')).toContainText('Too many tries');
	await expect(phone.getByRole('alert')).toContainText('ask your navigator for a new code');

	await navigator.goto('/navigator');
	await navigator.goto('/navigator/caseload');
	await navigator.getByRole('link', { name }).first().click();
	await navigator.getByRole('button', { name: 'Give a reset code' }).click();
	const issued = navigator.getByRole('status').filter({ hasText: 'Reset code for' });
	await expect(issued).toContainText(`Reset code for ${name}`);
	const resetCode = (await issued.locator('.code-display').innerText()).trim();

	await phone.getByRole('link', { name: 'I have a code' }).click();
	await phone.getByLabel('Your code').fill(resetCode);
	await phone.getByRole('button', { name: 'Next' }).click();
	await phone.getByLabel('Passphrase', { exact: true }).fill('bright morning harbour');
	await phone.getByLabel('Type it again').fill('bright morning harbour');
	await phone.getByRole('button', { name: 'Set up my account' }).click();
	await expect(phone).toHaveURL(/\/\?welcome=1$/);
	await expect(phone.getByRole('heading', { level: 1 })).toContainText('Hello Robin');

	await oldPhone.goto('/plan');
	await expect(oldPhone).toHaveURL(/\/login/);

	const coordinator = await as(browser, 'coordinator');
	await coordinator.goto('/coordinator/audit');
	await expect(coordinator.locator('main')).toContainText('passphrase.reset');
});
