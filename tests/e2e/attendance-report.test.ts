import { expect, test, type Page } from '@playwright/test';
import { demoPassword, expectAccessible, signIn } from './helpers';

test.describe.configure({ timeout: 120_000 });

/** The sign-in form as it works before any script has run. */
async function signInWithoutScripts(page: Page, username: string) {
	await page.goto('/login');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Passphrase').fill(demoPassword);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function participantId(page: Page, name: string) {
	await page.goto('/navigator/caseload');
	const href = await page.getByRole('link', { name }).getAttribute('href');
	return href!.split('/').pop()!;
}

/** Before today, so check-ins and bookings made by other tests running now cannot change it. */
const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', {
	timeZone: 'Europe/London'
});

const sessionsTable = (page: Page) =>
	page.getByRole('table', { name: 'Sessions in the range, newest first' });

test('the report says which sessions it shows, and any page number shows a page', async ({
	page
}) => {
	await signIn(page, 'navigator1');
	const sam = await participantId(page, 'Sam Okafor');
	const report = `/navigator/attendance?from=2000-01-01&to=${yesterday}&participant=${sam}`;
	await page.goto(report);
	const rows = await sessionsTable(page).locator('tbody tr').count();
	expect(rows).toBeGreaterThan(1);
	const showing = `Showing 1–${rows} of ${rows} sessions`;
	await expect(page.getByText(showing)).toBeVisible();
	// Everything fits on one page, so there is nothing to page through.
	await expect(page.getByRole('navigation', { name: 'Pages of sessions' })).toHaveCount(0);
	const figures = await page.locator('.big-number').allInnerTexts();
	const newest = await sessionsTable(page).locator('tbody tr').first().innerText();
	await expectAccessible(page);

	for (const requested of ['0', '-1', 'two', '1.5', '999']) {
		const response = await page.goto(`${report}&page=${requested}`);
		expect(response?.status(), requested).toBe(200);
		await expect(page.getByText(showing), requested).toBeVisible();
		expect(await page.locator('.big-number').allInnerTexts(), requested).toEqual(figures);
		expect(await sessionsTable(page).locator('tbody tr').first().innerText(), requested).toBe(
			newest
		);
	}
});

test('without JavaScript, saving an outcome comes back to the same filters and row', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signInWithoutScripts(page, 'navigator1');
	const dean = await participantId(page, 'Dean Harper');
	await page.goto(`/navigator/attendance?from=2000-01-01&to=${yesterday}&participant=${dean}`);

	const row = sessionsTable(page).locator('tbody tr').first();
	const bookingId = await row.locator('input[name="bookingId"]').getAttribute('value');
	await row.locator('summary', { hasText: 'Record outcome' }).click();
	await row.getByLabel('What happened').selectOption('attended');
	await row.getByLabel('Reason').fill('Saved without scripts');
	await row.getByRole('button', { name: 'Save' }).click();

	await expect(page.getByRole('status')).toContainText('Outcome saved');
	const url = new URL(page.url());
	expect(url.searchParams.get('from')).toBe('2000-01-01');
	expect(url.searchParams.get('to')).toBe(yesterday);
	expect(url.searchParams.get('participant')).toBe(dean);
	const saved = sessionsTable(page).locator('tbody tr', {
		has: page.locator(`input[name="bookingId"][value="${bookingId}"]`)
	});
	await expect(saved).toContainText('Saved without scripts');
	await expect(saved).toContainText(/Changes \(\d+\)/);
	await context.close();
});
