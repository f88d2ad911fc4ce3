import { expect, test, type Browser } from '@playwright/test';
import Database from 'better-sqlite3';
import { addDays, londonDate, londonToInstant } from '../../src/lib/dates';
import { callTimeInWords } from '../../src/lib/support';
import { expectAccessible, signIn } from './helpers';

async function signedIn(browser: Browser, username: string, javaScriptEnabled = true) {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await signIn(page, username);
	return { context, page };
}

test('a navigator sets when they will call, and the participant sees it and is told', async ({
	browser
}) => {
	const participant = await signedIn(browser, 'participant7');
	await participant.page.goto('/support/callback');
	await participant.page.getByLabel('Your phone number').fill('07700 900777');
	await participant.page.getByLabel('When is a good time to call?').fill('Afternoons');
	await participant.page.getByRole('button', { name: 'Ask for a call' }).click();
	await expect(participant.page.getByText('will call you')).toBeVisible();

	const navigator = await signedIn(browser, 'navigator2');
	const { page } = navigator;
	await page.goto('/navigator/messages');
	await page.getByRole('link', { name: 'Chris Dunn' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Messages with Chris Dunn');
	const calls = page.getByRole('region', { name: 'Asked for a call' });
	await expect(calls).toContainText('07700 900777');

	const today = londonDate(new Date());
	const yesterday = addDays(today, -1);
	await calls.getByLabel('Date', { exact: true }).fill(yesterday);
	await calls.getByLabel('Time', { exact: true }).fill('14:30');
	await calls.getByRole('button', { name: 'Set call time' }).click();
	await expect(page.locator('#callDate-error')).toContainText('The date must be today or later.');
	await expect(calls.getByLabel('Date', { exact: true })).toHaveValue(yesterday);
	await expect(calls.getByLabel('Time', { exact: true })).toHaveValue('14:30');
	await expectAccessible(page);

	const tomorrow = addDays(today, 1);
	const first = callTimeInWords(londonToInstant(tomorrow, '14:30'));
	await calls.getByLabel('Date', { exact: true }).fill(tomorrow);
	await calls.getByRole('button', { name: 'Set call time' }).click();
	await expect(page.getByText(`Call time set: ${first}.`)).toBeVisible();
	await expect(calls).toContainText(`Call set for ${first}.`);
	await expect(calls.getByRole('button', { name: 'Change call time' })).toBeVisible();
	await calls.screenshot({ path: 'test-results/callback-time-navigator.png' });
	const caseload = await navigator.context.newPage();
	await caseload.goto('/navigator/caseload');
	await expect(
		caseload
			.getByRole('row', { name: /Chris Dunn/ })
			.getByRole('link', { name: `Call set for ${first}` })
	).toBeVisible();
	await caseload.close();

	await participant.page.goto('/support');
	await expect(
		participant.page.getByText(`Call arranged. We will call you at ${first}.`)
	).toBeVisible();
	await participant.page.goto('/support/callback');
	await expect(
		participant.page.getByText(`Call arranged. We will call you at ${first}.`)
	).toBeVisible();
	await participant.page.screenshot({ path: 'test-results/callback-time-participant.png' });
	await expectAccessible(participant.page);

	// Changing it works without JavaScript, and tells the participant again.
	const plain = await signedIn(browser, 'navigator2', false);
	await plain.page.goto(page.url());
	const plainCalls = plain.page.getByRole('region', { name: 'Asked for a call' });
	await expect(plainCalls.getByLabel('Date', { exact: true })).toHaveValue(tomorrow);
	await expect(plainCalls.getByLabel('Time', { exact: true })).toHaveValue('14:30');
	await plainCalls.getByLabel('Time', { exact: true }).fill('15:00');
	await plainCalls.getByRole('button', { name: 'Change call time' }).click();
	const second = callTimeInWords(londonToInstant(tomorrow, '15:00'));
	await expect(plain.page.getByText(`Call time set: ${second}.`)).toBeVisible();
	await participant.page.goto('/support');
	await expect(participant.page.getByText(`We will call you at ${second}.`)).toBeVisible();

	const db = new Database(process.env.E2E_DATABASE_PATH || './data/e2e.db', { readonly: true });
	const told = db
		.prepare(
			`select n.title, n.body from notification n join user u on u.id = n.user_id
			 where u.username = 'participant7' and n.kind = 'callback_time' order by n.id`
		)
		.all() as { title: string; body: string }[];
	const audited = db
		.prepare(
			`select a.detail from audit_log a join user u on u.id = a.participant_id
			 where u.username = 'participant7' and a.action = 'callback.time' order by a.id`
		)
		.all() as { detail: string }[];
	db.close();
	expect(told.map((n) => n.body)).toEqual([
		`We will call you at ${first}. Open the app for details.`,
		`We will call you at ${second}. Open the app for details.`
	]);
	expect(JSON.stringify(told)).not.toMatch(/Afternoons|07700|police|Chris/i);
	expect(audited.map((a) => a.detail)).toEqual([
		`call at ${londonToInstant(tomorrow, '14:30').toISOString()}`,
		`call at ${londonToInstant(tomorrow, '15:00').toISOString()}`
	]);

	for (const { context } of [participant, navigator, plain]) await context.close();
});
