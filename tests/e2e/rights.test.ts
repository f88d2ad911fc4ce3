import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { lookup, userId } from '../security/support';
import { expectAccessible, signIn, viewports } from './helpers';

/** What a phone shows first, and further down at `scrollTo` if given. */
async function screenshot(page: Page, name: string, scrollTo?: string) {
	await page.setViewportSize(viewports.phone);
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: `test-results/rights-${name}.png` });
	if (!scrollTo) return;
	await page.locator(scrollTo).evaluate((element) => element.scrollIntoView());
	await page.screenshot({ path: `test-results/rights-${name}-more.png` });
}

async function downloadedJson(page: Page, click: () => Promise<void>) {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	expect(download.suggestedFilename()).toMatch(/^checkpoint-data-.+\.json$/);
	return JSON.parse(await readFile((await download.path())!, 'utf8'));
}

test('the privacy notice is linked from sign-in, set-up and every footer, with the periods in force', async ({
	page
}) => {
	await page.goto('/login');
	await screenshot(page, 'login', '.privacy');
	await page.getByRole('link', { name: 'How we use your information' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('How we use your information');

	for (const heading of [
		'Who we are',
		'Why we keep information about you',
		'What we keep',
		'Who sees it',
		'How long we keep it',
		'Your rights',
		'If you are not happy',
		'The legal detail'
	])
		await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
	// The test server runs with the default retention settings.
	await expect(page.getByText('Everything about you is deleted 12 months after')).toBeVisible();
	await expect(page.getByText('is kept for 6 years, then deleted')).toBeVisible();
	await expect(page.getByText('This copy of Checkpoint is a demonstration.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'ico.org.uk/make-a-complaint' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'privacy', '#how-long');

	await page.goto('/activate');
	await expect(page.getByRole('link', { name: 'How we use your information' })).toBeVisible();
	await page.goto('/help');
	await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy' }).click();
	await expect(page).toHaveURL(/\/privacy$/);
});

test('a participant on a phone reads and downloads everything held about them, and it is audited', async ({
	page
}) => {
	const participant = userId('participant1');
	const exportsBefore = lookup<{ n: number }>(
		`select count(*) as n from audit_log where action = 'participant.export' and participant_id = ?`,
		participant
	)!.n;

	await signIn(page, 'participant1');
	await page.goto('/account');
	await screenshot(page, 'account', '#data-heading');
	await page.getByRole('link', { name: 'Download my data' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your data');
	for (const part of ['About you', 'Your plan and contract', 'Sessions and attendance', 'Messages'])
		await expect(page.getByRole('heading', { name: part, exact: true })).toBeVisible();
	await expect(page.locator('main')).toContainText('Jordan Ellis');
	await expect(page.locator('main')).not.toContainText('Sam Okafor');
	await expectAccessible(page);
	await screenshot(page, 'account-data', '#sessions-heading');

	const json = await downloadedJson(page, () =>
		page.getByRole('link', { name: 'Download as a file (JSON)' }).click()
	);
	expect(json.profile).toMatchObject({ username: 'participant1', name: 'Jordan Ellis' });
	expect(Array.isArray(json.sessions.bookings)).toBe(true);
	expect(JSON.stringify(json)).not.toMatch(/participant2|Sam Okafor|secretHash|codeHash|endpoint/);

	const exports = lookup<{ n: number; actor: string; role: string }>(
		`select count(*) as n, max(actor_id) as actor, max(actor_role) as role from audit_log
		 where action = 'participant.export' and participant_id = ?`,
		participant
	)!;
	expect(exports.n).toBe(exportsBefore + 2);
	expect([exports.actor, exports.role]).toEqual([participant, 'participant']);
});

test('the coordinator makes a copy for a request on paper, with the reason in the audit log', async ({
	page
}) => {
	const participant = userId('participant2');
	await signIn(page, 'coordinator');
	await page.goto('/coordinator/users?q=participant2');
	await page.getByRole('link', { name: 'Copy of data for Sam Okafor' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Sam Okafor's data");

	await page.getByRole('button', { name: 'Make the copy' }).click();
	await expect(page.locator('#reason-error')).toContainText('Enter who asked for it and how.');
	await expectAccessible(page);

	const reason = 'Letter from Sam Okafor dated 1 December, received 3 December';
	await page.getByLabel('Who asked for it, and how').fill(reason);
	await page.getByRole('button', { name: 'Make the copy' }).click();
	await expect(page.getByText(`Made for: ${reason}`)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'About you', exact: true })).toBeVisible();
	await expect(page.locator('main')).not.toContainText('Jordan Ellis');
	await expectAccessible(page);
	await screenshot(page, 'coordinator-copy', '#plan-heading');

	const json = await downloadedJson(page, () =>
		page.getByRole('button', { name: 'Download as a file (JSON)' }).click()
	);
	expect(json.profile.username).toBe('participant2');

	const logged = lookup<{ n: number }>(
		`select count(*) as n from audit_log where action = 'participant.export'
		 and actor_role = 'coordinator' and participant_id = ? and reason = ?`,
		participant,
		reason
	)!;
	expect(logged.n).toBe(2);
});

test('only the coordinator can make a copy, and only of a participant', async ({ page }) => {
	const participant = userId('participant2');
	await signIn(page, 'navigator1');
	expect((await page.goto(`/coordinator/users/${participant}/data`))?.status()).toBe(403);
	const post = await page.request.post(`/coordinator/users/${participant}/data.json`, {
		form: { reason: 'Letter of 1 December' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(post.status()).toBe(403);

	await page.context().clearCookies();
	await signIn(page, 'coordinator');
	expect((await page.goto(`/coordinator/users/${userId('navigator1')}/data`))?.status()).toBe(404);
	expect((await page.goto('/coordinator/users/no-such-person/data'))?.status()).toBe(404);
	const noReason = await page.request.post(`/coordinator/users/${participant}/data.json`, {
		form: { reason: '' },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(noReason.status()).toBe(400);
});

test('the accessibility statement has the sections the regulations ask for', async ({ page }) => {
	await page.goto('/accessibility');
	for (const heading of [
		'How accessible this app is',
		'Feedback and contact information',
		'Reporting accessibility problems with this app',
		'Enforcement procedure',
		"Technical information about this app's accessibility",
		'Compliance status',
		'Non-accessible content',
		'Non-compliance with the accessibility regulations',
		'Disproportionate burden',
		"Content that's not within the scope of the accessibility regulations",
		"What we're doing to improve accessibility",
		'Preparation of this accessibility statement'
	])
		await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
	await expect(
		page.getByText(/partially compliant with the Web Content Accessibility/)
	).toBeVisible();
	await expect(page.getByText(/This statement was prepared on \d+ \w+ \d{4}/)).toBeVisible();
	await expect(
		page.getByRole('link', { name: /Equality Advisory and Support Service/ })
	).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'accessibility', '#non-accessible');
});
