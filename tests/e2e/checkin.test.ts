import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { freshAccount, signIn as signInOverHttp, userId } from '../security/support';
import { signIn } from './helpers';

test.describe.configure({ timeout: 120_000 });

async function participantId(page: Page, name: string) {
	await page.goto('/navigator/caseload');
	const href = await page.getByRole('link', { name }).getAttribute('href');
	return href!.split('/').pop()!;
}

test('a participant checks in with the code on the navigator screen, which updates by itself', async ({
	browser
}) => {
	const navigatorContext = await browser.newContext();
	const participantContext = await browser.newContext();
	const navigator = await navigatorContext.newPage();
	const participant = await participantContext.newPage();

	await signIn(navigator, 'navigator1');
	await navigator.setViewportSize({ width: 1280, height: 800 });
	const session = navigator.locator('article', { hasText: 'One-to-one with your navigator' });
	await expect(session.getByTestId('checkin-code')).toHaveText(/^\d{6}$/);
	await expect(session.getByRole('img', { name: /QR code/ })).toBeVisible();
	await expect(session.getByText('Jordan Ellis')).toBeVisible();
	await expect(session.locator('[data-session-state]')).toHaveText('Booked');

	await signIn(participant, 'participant1');
	await participant.goto('/check-in');
	await participant.waitForLoadState('networkidle');
	await participant.getByLabel('Check-in code').fill('000000');
	await participant.getByRole('button', { name: 'Check in' }).click();
	await expect(participant.getByRole('alert')).toContainText(/not right|different session/);
	await expect(participant.getByLabel('Check-in code')).toHaveValue('000000');

	const code = (await session.getByTestId('checkin-code').innerText()).trim();
	await participant.getByLabel('Check-in code').fill(code);
	await participant.getByRole('button', { name: 'Check in' }).click();
	await expect(participant.getByRole('status')).toContainText(
		'You are checked in to One-to-one with your navigator'
	);

	await expect(session.locator('[data-session-state]')).toHaveText(/^Checked in at \d/, {
		timeout: 15_000
	});
	await expect(session.getByText('Checked in: 1 of 1')).toBeVisible();

	await participant.goto(`/check-in?code=${code}`);
	await expect(participant.getByLabel('Check-in code')).toHaveValue(code);
	await participant.getByRole('button', { name: 'Check in' }).click();
	await expect(participant.getByRole('status')).toContainText('already checked in');

	await navigatorContext.close();
	await participantContext.close();
});

test('a remote session checks in with one tap', async ({ page }) => {
	await signIn(page, 'participant6');
	await page.goto('/check-in');
	await page.waitForLoadState('networkidle');
	await expect(page.getByText('Phone catch-up')).toBeVisible();
	await page.getByRole('button', { name: 'Check in now' }).click();
	await expect(page.getByRole('status')).toContainText('You are checked in to Phone catch-up');
	await expect(page.locator('[data-session-state="checked_in"]')).toHaveText(/^Checked in at \d/);
});

test('the participant sees their attendance kindly worded, linked from home', async ({ page }) => {
	await signIn(page, 'participant3');
	await page.getByRole('link', { name: /My attendance/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My attendance');
	await expect(page.getByText('Not checked in').first()).toBeVisible();
	await expect(page.getByText(/talk to your navigator/)).toBeVisible();
});

test('the caseload lists who needs attention first, and an outcome can be corrected', async ({
	page
}) => {
	await signIn(page, 'navigator1');
	await page.goto('/navigator/caseload');
	const rows = page.locator('tbody tr');
	await expect(rows.filter({ hasText: 'Kerry Walsh' })).toContainText('no outcome recorded');
	await expect(rows.first().locator('.severity').first()).toBeVisible();
	await expect(rows.last()).toContainText('Nothing to act on');

	const id = await participantId(page, 'Kerry Walsh');
	await page.goto(`/navigator/attendance?participant=${id}&outcome=missed`);
	const row = page
		.getByRole('table', { name: 'Sessions in the range, newest first' })
		.locator('tbody tr')
		.first();
	await row.locator('summary').click();
	await row.getByLabel('What happened').selectOption('missed_acceptable');
	await row.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('alert')).toContainText('Give the reason');
	await row.getByLabel('Reason').fill('Was in hospital');
	await row.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status')).toContainText('Outcome saved');

	await page.goto(`/navigator/attendance?participant=${id}&outcome=missed_acceptable`);
	await expect(page.getByText('Was in hospital').first()).toBeVisible();
	await expect(page.locator('details', { hasText: 'Changes (1)' }).first()).toContainText(
		'Morgan Reid changed no record to Missed – good reason (Was in hospital)'
	);
});

test("navigator2 cannot see participant1's attendance by page, data endpoint or CSV", async ({
	browser
}) => {
	const one = await browser.newPage();
	await signIn(one, 'navigator1');
	const p1 = await participantId(one, 'Jordan Ellis');
	await one.goto('/navigator');
	const slotId = (await one.locator('article h3').first().getAttribute('id'))!.replace(
		'session-',
		''
	);
	expect((await one.request.get(`/navigator/sessions/${slotId}/live`)).status()).toBe(200);
	await one.close();

	const page = await browser.newPage();
	await signIn(page, 'navigator2');
	expect((await page.goto(`/navigator/participants/${p1}`))?.status()).toBe(404);
	expect((await page.goto(`/navigator/attendance?participant=${p1}`))?.status()).toBe(404);
	expect((await page.request.get(`/navigator/sessions/${slotId}/live`)).status()).toBe(404);
	expect(
		(await page.request.get(`/navigator/attendance/export.csv?participant=${p1}`)).status()
	).toBe(404);

	const csv = await page.request.get('/navigator/attendance/export.csv?from=2000-01-01');
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const text = await csv.text();
	expect(text.split('\r\n')[0]).toContain('Participant');
	expect(text).toContain('Aisha Rahman');
	for (const other of ['Jordan Ellis', 'Sam Okafor', 'Kerry Walsh', 'Dean Harper'])
		expect(text).not.toContain(other);
	await page.close();
});

test('the coordinator sees attendance per navigator and per session type', async ({ page }) => {
	await signIn(page, 'coordinator');
	await expect(page.getByRole('table', { name: "By navigator's caseload" })).toContainText(
		'Morgan Reid'
	);
	await expect(page.getByRole('table', { name: 'By session type' })).toContainText('Group');
});

test('a check-in that reached us late waits for the navigator, then counts once confirmed', async ({
	browser
}) => {
	const coordinator = await signInOverHttp('coordinator');
	const navigatorId = userId('navigator2');
	const person = await freshAccount('participant', coordinator, 'Alex Late', navigatorId);
	// Yesterday's session, and a check-in the phone says it made at the start but sent only later
	// (made offline; the queue itself is tested in offline.test.ts).
	const startsAt = Date.now() - 24 * 3_600_000;
	const slotId = crypto.randomUUID();
	const bookingId = crypto.randomUUID();
	const db = new Database('./data/e2e.db', { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		db.prepare(
			`insert into slot (id, navigator_id, type, title, starts_at, ends_at, mode, place, capacity,
			   booked_count, participant_id, checkin_secret)
			 values (?, ?, 'one_to_one', 'Catch-up with your navigator', ?, ?, 'phone', null, 1, 1, ?, ?)`
		).run(slotId, navigatorId, startsAt, startsAt + 45 * 60_000, person.id, 'e2e-secret');
		db.prepare(
			`insert into booking (id, slot_id, participant_id, booked_by, delayed_checkin_claimed_at,
			   delayed_checkin_arrived_at, delayed_checkin_review)
			 values (?, ?, ?, ?, ?, ?, 'pending')`
		).run(bookingId, slotId, person.id, person.id, startsAt + 60_000, startsAt + 3 * 3_600_000);
	} finally {
		db.close();
	}

	const phone = await (await browser.newContext()).newPage();
	await signIn(phone, person.username, person.passphrase);
	await phone.goto('/sessions');
	const session = phone.getByRole('listitem').filter({ hasText: 'Catch-up with your navigator' });
	await expect(session.locator('[data-session-state]')).toHaveText(
		'Check-in waiting to be confirmed'
	);
	await expect(session).toContainText('Your navigator will look at it and confirm it.');
	await phone.goto('/attendance');
	await expect(phone.getByText('You came to 0 of 1 session so far.')).toBeVisible();
	await expect(
		phone.getByText('One check-in is waiting for your navigator to confirm.')
	).toBeVisible();
	await expect(phone.locator('main')).not.toContainText('talk to your navigator');
	await phone.goto('/sessions');

	const staff = await (await browser.newContext()).newPage();
	await signIn(staff, 'navigator2');
	await staff.goto('/navigator/caseload');
	await staff
		.getByRole('row')
		.filter({ hasText: 'Alex Late' })
		.getByRole('link', { name: /^Check-in to confirm: Catch-up with your navigator, / })
		.click();
	await expect(staff).toHaveURL(/\/navigator#check-ins-to-confirm$/);
	const waiting = staff.getByRole('listitem').filter({ hasText: 'Alex Late' });
	await waiting.getByRole('button', { name: 'Confirm they were there' }).click();
	await expect(waiting).toHaveCount(0);

	await phone.reload();
	await expect(session.locator('[data-session-state]')).toHaveText(/^Checked in at /);
});
