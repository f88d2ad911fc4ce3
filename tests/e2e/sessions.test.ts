import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { addDays, londonDate, londonToInstant } from '../../src/lib/dates';
import { expectAccessible, placeIdOf, signIn } from './helpers';

const hub = 'Checkpoint hub, 14 Claypath, Durham DH1 1RH';

const stamp = () => String(Date.now() % 1_000_000);

/** A London calendar date some days from now. */
const inDays = (days: number) => addDays(londonDate(new Date()), days);

const icsTime = (date: string, time: string) =>
	londonToInstant(date, time)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');

function originOf(baseURL: string | undefined) {
	return new URL(baseURL!).origin;
}

type SlotForm = Record<string, string>;

/** Creates a slot over HTTP as the signed-in navigator; returns its id. */
async function createSlot(page: Page, origin: string, fields: SlotForm) {
	const response = await page.request.post('/navigator/schedule/new', {
		form: {
			type: 'one_to_one',
			minutes: '30',
			capacity: '1',
			mode: 'in_person',
			placeId: await placeIdOf(page, 'Checkpoint hub'),
			repeatWeeks: '1',
			confirmOverlap: 'yes',
			...fields
		},
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), await response.text()).toBe(303);
	const match = /\/navigator\/schedule\/([^/?]+)/.exec(response.headers().location);
	return match![1];
}

test('a navigator creates a weekly slot, a participant books it, downloads the .ics and cancels', async ({
	page,
	browser
}) => {
	// Several sign-ins and page checks: slow on a busy machine.
	test.slow();
	const title = `Morning check-in ${stamp()}`;
	const date = inDays(3);
	await signIn(page, 'navigator1');
	await page.goto('/navigator/schedule/new');
	await page.getByLabel('Type of session').selectOption('one_to_one');
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Date').fill(date);
	await page.getByLabel('Start time').fill('07:30');
	await page.getByLabel('Places').fill('2');
	await page.getByLabel('Place (in person)').selectOption({ label: hub });
	await page.getByLabel('Number of weeks').fill('3');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('status')).toContainText('3 weekly sessions created');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expectAccessible(page);

	const participant = await (await browser.newContext()).newPage();
	await signIn(participant, 'participant1');
	await participant.goto('/sessions/book');
	const bookButtons = participant.getByRole('button', { name: new RegExp(`Book ${title}`) });
	await expect(bookButtons).toHaveCount(3);
	await bookButtons.first().click();
	await expect(participant).toHaveURL(/\/sessions\/[^/]+\?booked=1$/);
	await expect(participant.getByRole('heading', { level: 1 })).toHaveText('You are booked in');
	await expect(participant.getByText('7:30am to 8:15am')).toBeVisible();
	await expectAccessible(participant);

	const download = participant.waitForEvent('download');
	await participant.getByRole('link', { name: 'Add to my calendar' }).click();
	const ics = await readFile((await (await download).path())!, 'utf8');
	expect(ics).toContain('SUMMARY:Appointment');
	expect(ics).toContain(`DTSTART:${icsTime(date, '07:30')}`);
	expect(ics).toContain('LOCATION:Checkpoint hub\\, 14 Claypath\\, Durham DH1 1RH');
	expect(ics).not.toContain(title);

	await participant.goto('/sessions');
	const card = participant.locator('article', { hasText: title });
	await card.getByRole('link', { name: /Cancel this booking/ }).click();
	await expect(participant.getByRole('heading', { level: 1 })).toHaveText('Cancel this booking?');
	await expect(participant.getByText(/your place is freed straight away/)).toBeVisible();
	await expectAccessible(participant);
	await participant.getByRole('button', { name: 'Yes, cancel my booking' }).click();
	await expect(participant.getByRole('status')).toContainText('Your booking is cancelled');
	await expect(card.locator('[data-session-state]')).toHaveText('Cancelled');

	await page.reload();
	await expect(page.locator('.bookings [data-session-state]')).toHaveText('Cancelled');
});

test('bad slot input gets a clear message per field, and nothing is saved', async ({ page }) => {
	const title = `Never saved ${stamp()}`;
	await signIn(page, 'navigator1');
	await page.goto('/navigator/schedule/new');
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Date').fill(inDays(-1));
	await page.getByLabel('Start time').fill('10:00');
	await page.getByLabel('Length in minutes').fill('0');
	await page.getByLabel('Places').fill('500');
	await page.getByLabel('Place (in person)').selectOption({ label: hub });
	await page.getByLabel('Number of weeks').fill('27');
	await page.getByRole('button', { name: 'Create' }).click();
	const summary = page.getByRole('alert');
	await expect(summary).toContainText('Enter a length between 5 minutes and 8 hours');
	await expect(summary).toContainText('Enter the number of places, from 1 to 50');
	await expect(summary).toContainText('Enter how many weeks, from 1 to 26');
	await expect(page.getByLabel('Title')).toHaveValue(title);

	await page.getByLabel('Length in minutes').fill('');
	await page.getByLabel('Places').fill('');
	await page.getByLabel('Number of weeks').fill('2');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.locator('#date-error')).toContainText('must start in the future');

	for (const week of [inDays(-1), inDays(6)]) {
		await page.goto(`/navigator/schedule?week=${week}`);
		await expect(page.locator('main')).not.toContainText(title);
	}
});

test('a slot cannot shrink below its bookings, and overlapping slots need a second look', async ({
	page,
	baseURL
}) => {
	// Several sign-ins and page checks: slow on a busy machine.
	test.slow();
	const origin = originOf(baseURL);
	const date = inDays(5);
	await signIn(page, 'navigator1');
	const slotId = await createSlot(page, origin, {
		type: 'group',
		title: `Shrink test ${stamp()}`,
		date,
		time: '06:00',
		capacity: '4'
	});
	await page.goto(`/navigator/schedule/${slotId}`);
	for (const name of ['Jordan Ellis', 'Sam Okafor']) {
		await page.getByLabel('Who').selectOption({ label: name });
		await page.getByRole('button', { name: 'Book them in' }).click();
		await expect(page.getByRole('status')).toContainText(`${name} is booked in`);
	}
	await page.getByLabel('Places').fill('1');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.locator('#capacity-error')).toContainText('2 people have booked');
	await page.reload();
	await expect(page.getByText('2 of 4')).toBeVisible();

	await page.goto('/navigator/schedule/new');
	await page.getByLabel('Title').fill('Overlapping');
	await page.getByLabel('Date').fill(date);
	await page.getByLabel('Start time').fill('06:15');
	await page.getByLabel('Place (in person)').selectOption({ label: hub });
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.locator('#time-error')).toContainText('overlaps');
	await page.getByLabel('Keep both').check();
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('status')).toContainText('Session created');
});

/** Enrols a participant on navigator1's caseload and activates them: a signed-in API client. */
async function newParticipant(
	navigator: Page,
	origin: string,
	newContext: () => Promise<APIRequestContext>,
	n: string
) {
	const enrolled = await navigator.request.post('/navigator/participants/new', {
		form: {
			displayName: `Rush ${n}`,
			username: `rush${n}`,
			reference: `RUSH-${n}`,
			contractStart: londonDate(new Date())
		},
		headers: { origin, accept: 'text/html' }
	});
	const code = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(await enrolled.text())?.[0];
	expect(code, `activation code for rush${n}`).toBeTruthy();
	const client = await newContext();
	const activated = await client.post('/activate?/activate', {
		form: { code: code!, passphrase: 'quiet river lantern', confirmation: 'quiet river lantern' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(activated.status()).toBe(303);
	return client;
}

test('20 people booking the last place at once: exactly one gets it', async ({
	page,
	baseURL,
	playwright
}) => {
	test.setTimeout(180_000);
	const origin = originOf(baseURL);
	await signIn(page, 'navigator1');
	const slotId = await createSlot(page, origin, {
		title: `Last place ${stamp()}`,
		date: inDays(4),
		time: '06:30'
	});
	const run = stamp();
	const clients: APIRequestContext[] = [];
	for (let i = 0; i < 20; i++) {
		clients.push(
			await newParticipant(
				page,
				origin,
				() => playwright.request.newContext({ baseURL }),
				`${run}x${i}`
			)
		);
	}

	const responses = await Promise.all(
		clients.map((client) =>
			client.post('/sessions/book?/book', {
				form: { slotId },
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			})
		)
	);
	const statuses = responses.map((r) => r.status());
	expect(statuses.filter((s) => s === 303)).toHaveLength(1);
	expect(statuses.filter((s) => s === 409)).toHaveLength(19);
	for (const response of responses.filter((r) => r.status() === 409)) {
		const html = await response.text();
		expect(html).toContain('That session is now full');
		expect(html).toContain('Other times you can book');
	}

	await page.goto(`/navigator/schedule/${slotId}`);
	await expect(page.getByText('1 of 1')).toBeVisible();
	await expect(page.locator('.bookings li')).toHaveCount(1);
	await Promise.all(clients.map((c) => c.dispose()));
});

test("another navigator's private slot is invisible and cannot be booked by id", async ({
	page,
	browser,
	baseURL
}) => {
	// Several sign-ins and page checks: slow on a busy machine.
	test.slow();
	const origin = originOf(baseURL);
	const title = `Private for Aisha ${stamp()}`;
	await signIn(page, 'navigator2');
	await page.goto('/navigator/schedule/new');
	const aisha = await page
		.getByLabel('Who can book it')
		.locator('option', { hasText: 'Only Aisha Rahman' })
		.getAttribute('value');
	const slotId = await createSlot(page, origin, {
		title,
		date: inDays(6),
		time: '07:00',
		participantId: aisha!
	});

	const other = await (await browser.newContext()).newPage();
	await signIn(other, 'participant6');
	await other.goto('/sessions/book');
	await expect(other.locator('main')).not.toContainText(title);

	const outsider = await (await browser.newContext()).newPage();
	await signIn(outsider, 'participant1');
	await outsider.goto('/sessions/book');
	await expect(outsider.locator('main')).not.toContainText(title);
	const attempt = await outsider.request.post('/sessions/book?/book', {
		form: { slotId },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(attempt.status()).toBe(400);
	expect(await attempt.text()).toContain('That session was not found');

	const owner = await (await browser.newContext()).newPage();
	await signIn(owner, 'participant5');
	await owner.goto('/sessions/book');
	await owner.getByRole('button', { name: new RegExp(`Book ${title}`) }).click();
	await expect(owner).toHaveURL(/\?booked=1$/);
	const bookingPath = new URL(owner.url()).pathname;

	for (const path of [bookingPath, `${bookingPath}/calendar.ics`]) {
		expect((await outsider.goto(path))?.status(), path).toBe(404);
	}
	const navigator1 = await (await browser.newContext()).newPage();
	await signIn(navigator1, 'navigator1');
	expect((await navigator1.goto(`/navigator/schedule/${slotId}`))?.status()).toBe(404);
});

test('a private calendar feed shows bookings discreetly and stops when turned off', async ({
	page,
	request
}) => {
	await signIn(page, 'participant2');
	await page.goto('/sessions');
	await page.getByRole('button', { name: 'Get my private link' }).click();
	const url = await page.getByLabel('Your calendar link').inputValue();
	expect(url).toMatch(/\/calendar\/[a-z2-7]{32}\.ics$/);

	const feed = await request.get(url);
	expect(feed.status()).toBe(200);
	expect(feed.headers()['content-type']).toContain('text/calendar');
	const body = await feed.text();
	expect(body).toContain('BEGIN:VEVENT');
	expect(body).toContain('SUMMARY:Appointment');
	expect(body).not.toMatch(/drug|police|offender/i);

	await page.getByRole('button', { name: 'Turn off my link' }).click();
	await expect(page.getByText('Your link no longer works.')).toBeVisible();
	expect((await request.get(url)).status()).toBe(404);
});

test('inside 24 hours a participant says they cannot make it, and the navigator sees why', async ({
	page,
	browser,
	baseURL
}) => {
	// Several sign-ins and page checks: slow on a busy machine.
	test.slow();
	const origin = originOf(baseURL);
	const title = `Soon ${stamp()}`;
	const soon = new Date(Date.now() + 5 * 3_600_000);
	const date = londonDate(soon);
	const time = soon.toLocaleTimeString('en-GB', {
		timeZone: 'Europe/London',
		hour: '2-digit',
		minute: '2-digit'
	});
	await signIn(page, 'navigator2');
	const slotId = await createSlot(page, origin, { title, date, time, capacity: '1' });

	const participant = await (await browser.newContext()).newPage();
	await signIn(participant, 'participant8');
	await participant.goto('/sessions/book');
	await participant.getByRole('button', { name: new RegExp(`Book ${title}`) }).click();
	// Leaving before the booking is confirmed would cancel the request that makes it.
	await expect(participant).toHaveURL(/\?booked=1$/);
	await participant.goto('/sessions');
	const card = participant.locator('article', { hasText: title });
	await expect(card.getByRole('link', { name: /Cancel this booking/ })).toHaveCount(0);
	await card.getByText("I can't make it").click();
	await expect(card).toContainText('Telling your navigator is the right thing to do');
	await card.getByRole('button', { name: 'Tell my navigator' }).click();
	await expect(card.locator('.field-error')).toContainText('Enter why you cannot make it');
	await card.getByLabel("Why can't you make it?").fill('My little one is ill');
	await card.getByRole('button', { name: 'Tell my navigator' }).click();
	await expect(participant.getByRole('status')).toContainText(
		'Thank you for letting your navigator know'
	);

	await page.goto('/navigator/schedule');
	await expect(page.locator('section', { hasText: "I can't make it" })).toContainText(
		'My little one is ill'
	);
	await page.goto(`/navigator/schedule/${slotId}`);
	await expect(page.locator('.bookings')).toContainText('My little one is ill');
});
