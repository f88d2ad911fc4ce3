import { expect, test, type Page } from '@playwright/test';
import { londonDate } from '../../src/lib/dates';
import { sessionStateLabels, type SessionStateKey } from '../../src/lib/session-states';
import { placeIdOf, signIn } from './helpers';

test.describe.configure({ timeout: 180_000 });

const stamp = () => String(Date.now() % 1_000_000);

/** Words a session state was once shown in, before there was one set of labels. */
const retiredWords = [
	'Not recorded yet',
	'You did not check in',
	'Missed – not reviewed',
	'You cancelled',
	'They cancelled'
];

/** Badge words that name a session state: any badge saying them must be a shared state. */
const stateLikeBadge = /checked in|booked|attended|missed|cancelled|make it|came|recorded/i;

function isSharedLabel(key: string, text: string) {
	if (!(key in sessionStateLabels)) return false;
	if (key === 'checked_in') return /^Checked in at \d{1,2}:\d{2}(am|pm)$/.test(text);
	return text === sessionStateLabels[key as SessionStateKey];
}

/** Every session state on the page is from the shared set; returns the states seen. */
async function expectSharedStates(page: Page) {
	const where = page.url();
	const main = page.locator('main');
	const states = await main
		.locator('[data-session-state]')
		.evaluateAll((nodes) =>
			nodes.map((n) => [n.getAttribute('data-session-state') ?? '', n.textContent?.trim() ?? ''])
		);
	for (const [key, text] of states)
		expect(isSharedLabel(key, text), `"${text}" (${key}) on ${where}`).toBe(true);
	const otherBadges = await main
		.locator('.badge:not([data-session-state])')
		.evaluateAll((nodes) => nodes.map((n) => n.textContent?.trim() ?? ''));
	for (const text of otherBadges)
		expect(text, `a state badge outside the shared set on ${where}`).not.toMatch(stateLikeBadge);
	const body = await main.innerText();
	for (const words of retiredWords) expect(body, `"${words}" on ${where}`).not.toContain(words);
	return states.map(([key]) => key);
}

async function hrefsOf(page: Page, selector: string) {
	return page
		.locator(selector)
		.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''));
}

test('every participant and staff page shows session states in the shared words', async ({
	browser
}) => {
	const seen = new Set<string>();
	for (const username of ['participant1', 'participant2', 'participant3', 'participant4']) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, username);
		for (const path of ['/sessions', '/attendance', '/check-in']) {
			await page.goto(path);
			for (const key of await expectSharedStates(page)) seen.add(key);
		}
		await page.goto('/sessions');
		for (const href of (await hrefsOf(page, 'main article h3 a')).slice(0, 3)) {
			await page.goto(href);
			for (const key of await expectSharedStates(page)) seen.add(key);
		}
		await context.close();
	}

	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'navigator1');
	await page.goto('/navigator/attendance?from=2000-01-01');
	for (const key of await expectSharedStates(page)) seen.add(key);
	await page.goto('/navigator');
	for (const key of await expectSharedStates(page)) seen.add(key);
	await page.goto('/navigator/caseload');
	const people = await hrefsOf(page, 'main a[href^="/navigator/participants/"]');
	const slots = new Set<string>();
	for (const href of new Set(people)) {
		await page.goto(href);
		for (const key of await expectSharedStates(page)) seen.add(key);
		for (const slot of await hrefsOf(page, 'main a[href^="/navigator/schedule/"]')) slots.add(slot);
	}
	for (const href of [...slots].filter((s) => !s.includes('new')).slice(0, 6)) {
		await page.goto(href);
		for (const key of await expectSharedStates(page)) seen.add(key);
	}
	await context.close();

	// The demo has every kind of session, so a page that stopped marking its states shows here.
	for (const key of ['booked', 'checked_in', 'not_checked_in', 'missed_unacceptable'])
		expect([...seen], `no page showed "${key}"`).toContain(key);
});

test('after checking in, every page says so, with no code prompt and no "I can\'t make it"', async ({
	browser,
	baseURL
}) => {
	const origin = new URL(baseURL!).origin;
	const title = `Arrival ${stamp()}`;
	// Check-in opens 15 minutes before the start.
	const soon = new Date(Date.now() + 6 * 60_000);
	const time = soon.toLocaleTimeString('en-GB', {
		timeZone: 'Europe/London',
		hour: '2-digit',
		minute: '2-digit'
	});

	const navigatorContext = await browser.newContext();
	const navigator = await navigatorContext.newPage();
	await signIn(navigator, 'navigator1');
	const placeId = await placeIdOf(navigator, 'Checkpoint hub');
	const created = await navigator.request.post('/navigator/schedule/new', {
		form: {
			type: 'one_to_one',
			title,
			date: londonDate(soon),
			time,
			minutes: '30',
			capacity: '1',
			mode: 'in_person',
			placeId,
			repeatWeeks: '1',
			confirmOverlap: 'yes'
		},
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(created.status()).toBe(303);
	const slotPath = new URL(created.headers().location, origin).pathname;
	// Someone new, so no demo booking can clash with a session starting now.
	const name = `Sam ${title}`;
	const enrolled = await navigator.request.post('/navigator/participants/new', {
		form: {
			displayName: name,
			username: `arrival${title.split(' ')[1]}`,
			reference: `ARR-${title.split(' ')[1]}`,
			contractStart: londonDate(new Date())
		},
		headers: { origin, accept: 'text/html' }
	});
	const activationCode = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(await enrolled.text())![0];
	await navigator.goto(slotPath);
	await navigator.getByLabel('Who').selectOption({ label: name });
	await navigator.getByRole('button', { name: 'Book them in' }).click();
	await expect(navigator.getByRole('status')).toContainText(`${name} is booked in`);

	await navigator.goto('/navigator');
	const live = navigator.locator('article', { hasText: title });
	await expect(live.locator('[data-session-state]')).toHaveText('Booked');
	const code = (await live.getByTestId('checkin-code').innerText()).trim();

	const participantContext = await browser.newContext();
	const participant = await participantContext.newPage();
	const activated = await participant.request.post('/activate?/activate', {
		form: {
			code: activationCode,
			passphrase: 'quiet river lantern',
			confirmation: 'quiet river lantern'
		},
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(activated.status()).toBe(303);
	await participant.goto('/check-in');
	await participant.waitForLoadState('networkidle');
	await participant.getByLabel('Check-in code').fill(code);
	await participant.getByRole('button', { name: 'Check in' }).click();
	await expect(participant.getByRole('status')).toContainText(`You are checked in to ${title}`);
	await expect(live.locator('[data-session-state]')).toHaveText(/^Checked in at \d/, {
		timeout: 15_000
	});

	await participant.goto('/sessions');
	const card = participant.locator('article', { hasText: title });
	await expect(card.locator('[data-session-state]')).toHaveText(/^Checked in at \d/);
	await expect(card).toContainText(/You checked in at \d{1,2}:\d{2}(am|pm)/);
	await expect(card.getByText("I can't make it")).toHaveCount(0);
	await expect(card.getByRole('link', { name: /Cancel this booking/ })).toHaveCount(0);
	const bookingId = (await card.getAttribute('id'))!.replace('b-', '');

	await card.getByRole('link', { name: title }).click();
	await expect(participant.locator('main')).toContainText(/You checked in at \d/);
	await expect(participant.locator('main')).not.toContainText('code');
	await expect(participant.locator('[data-session-state]')).toHaveText(/^Checked in at \d/);

	const refused = await participant.request.post('/sessions?/cantMakeIt', {
		form: { bookingId, reason: 'Running late' },
		headers: { origin, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(JSON.stringify(await refused.json())).toContain('You have checked in to this session');
	await participant.goto('/sessions');
	await expect(card).not.toContainText('Running late');

	await navigator.goto(slotPath);
	await expect(navigator.locator('.bookings [data-session-state]')).toHaveText(/^Checked in at \d/);
	await expect(navigator.locator('.bookings')).not.toContainText('Running late');

	await navigatorContext.close();
	await participantContext.close();
});
