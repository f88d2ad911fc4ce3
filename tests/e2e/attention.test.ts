import { expect, test, type Browser } from '@playwright/test';
import Database from 'better-sqlite3';
import { signIn, viewports } from './helpers';
import { pagesByRole } from './pages';

async function signedIn(browser: Browser, username: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, username);
	return { context, page };
}

function readE2eDb<T>(query: (db: Database.Database) => T): T {
	const db = new Database('./data/e2e.db', { readonly: true });
	try {
		return query(db);
	} finally {
		db.close();
	}
}

test('a safety concern in a weekly check-in tops Today, marked urgent, until the navigator records what they did', async ({
	browser
}) => {
	const participant = await signedIn(browser, 'participant2');
	await participant.page.goto('/support/wellbeing');
	await participant.page.getByLabel('Getting by').check();
	await participant.page.getByLabel('Someone is using or pressuring me').check();
	await participant.page.getByRole('button', { name: 'Send my check-in' }).click();
	await expect(participant.page.getByText('Thank you for telling us.')).toBeVisible();
	await expect(participant.page.getByRole('link', { name: 'Call 999' })).toBeVisible();
	await participant.context.close();

	const navigator = await signedIn(browser, 'navigator1');
	await navigator.page.goto('/navigator');
	const first = navigator.page
		.getByRole('region', { name: 'Needs attention' })
		.getByRole('listitem')
		.first();
	await expect(first.getByRole('link').first()).toHaveText('Sam Okafor');
	await expect(first.getByRole('listitem').first()).toContainText(
		'Urgent Safety: Someone is using or pressuring me (weekly check-in)'
	);

	const pushed = readE2eDb((db) =>
		db
			.prepare(
				`select n.title, n.body from notification n join user u on u.id = n.user_id
				 where u.username = 'navigator1' and n.kind = 'safeguarding_alert'`
			)
			.all()
	) as { title: string; body: string }[];
	expect(pushed).toHaveLength(1);
	expect(`${pushed[0].title} ${pushed[0].body}`).not.toMatch(/Sam|pressur|police|drug/i);

	await first.getByRole('link', { name: 'Sam Okafor' }).click();
	const panel = navigator.page.getByRole('region', { name: 'Needs attention' });
	const concern = panel.getByRole('listitem').filter({ hasText: 'Safety:' });
	await concern.getByRole('button', { name: 'Record and clear' }).click();
	await expect(concern.getByText('Choose what you did.')).toBeVisible();
	await expect(concern.getByText('Enter what you did.')).toBeVisible();
	await concern.getByLabel('Made a safeguarding referral').check();
	await concern
		.getByLabel('Note of what you did')
		.fill('Rang Sam; referral to the exploitation team.');
	await concern.getByRole('button', { name: 'Record and clear' }).click();
	await expect(panel.getByRole('status')).toContainText('Recorded: Safety:');
	await expect(panel.getByRole('listitem').filter({ hasText: 'Safety:' })).toHaveCount(1);
	await expect(panel.getByText('Made a safeguarding referral.')).toBeVisible();

	await navigator.page.goto('/navigator');
	await expect(navigator.page.getByRole('region', { name: 'Needs attention' })).not.toContainText(
		'Someone is using or pressuring me'
	);

	const audited = readE2eDb((db) =>
		db
			.prepare(
				`select a.detail from audit_log a join user u on u.id = a.participant_id
				 where u.username = 'participant2' and a.action = 'attention.resolve'`
			)
			.all()
	);
	expect(audited).toEqual([{ detail: 'safety: safeguarding_referral' }]);
	await navigator.context.close();
});

test('a message marked "I do not feel safe" is urgent on Today', async ({ browser }) => {
	const participant = await signedIn(browser, 'participant8');
	await participant.page.goto('/support');
	await participant.page.getByLabel('Your message').fill('Can you ring me?');
	await participant.page.getByLabel('I do not feel safe. Please contact me soon.').check();
	await participant.page.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(participant.page.getByText('You said you do not feel safe')).toBeVisible();
	await participant.context.close();

	const navigator = await signedIn(browser, 'navigator2');
	await navigator.page.goto('/navigator');
	const toni = navigator.page
		.getByRole('region', { name: 'Needs attention' })
		.getByRole('listitem')
		.filter({ has: navigator.page.getByRole('link', { name: 'Toni Baker' }) });
	await expect(toni.getByRole('listitem').first()).toContainText(
		'Urgent Safety: said in a message they do not feel safe'
	);
	await navigator.context.close();
});

test('navigator pages do not scroll sideways on a phone', async ({ page }) => {
	await signIn(page, 'navigator1');
	await page.setViewportSize(viewports.phone);
	await page.goto('/navigator/caseload');
	const participant = await page
		.getByRole('row')
		.getByRole('link', { name: 'Kerry Walsh' })
		.getAttribute('href');
	const slot = await page
		.goto('/navigator/schedule')
		.then(() =>
			page
				.locator('a[href^="/navigator/schedule/"]:not([href$="/new"])')
				.first()
				.getAttribute('href')
		);
	const paths = [
		...pagesByRole.navigator,
		participant!,
		`/navigator/messages/${participant!.split('/').at(-1)}`,
		slot!
	];
	for (const path of paths) {
		await page.goto(path);
		const overflow = await page.evaluate(() => {
			const page = document.scrollingElement!.scrollWidth - window.innerWidth;
			// A table in its own scroll box hides columns off-screen just the same.
			const boxes = [...document.querySelectorAll('main *')]
				.filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
				.map((el) => el.scrollWidth - el.clientWidth);
			return Math.max(page, ...boxes);
		});
		expect(overflow, `sideways scroll on ${path}`).toBeLessThanOrEqual(0);
	}
});
