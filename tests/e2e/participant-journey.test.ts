import { expect, test, type Browser } from '@playwright/test';
import { addDays, londonDate } from '../../src/lib/dates';
import { placeIdOf, signIn } from './helpers';

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

test('a forgotten passphrase: the navigator gives a reset code, which ends every other sign-in', async ({
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

test('a completed participant’s home leads with completion and aftercare, and shows one end date', async ({
	browser
}) => {
	const page = await as(browser, 'participant4');
	const main = page.locator('main');
	const firstHeading = main.locator('h2').first();
	await expect(firstHeading).toHaveText('Completed – no further action');
	await expect(main.getByRole('heading', { name: 'Where to get support next' })).toBeVisible();
	await expect(main).not.toContainText('You have nothing booked');
	await expect(main).not.toContainText('Book a session');
	await page.screenshot({ path: 'test-results/home-completed.png', fullPage: true });

	await expect(main).toContainText(/Your four months ended on \w+ \d+ \w+/);

	// Someone still on the programme: home, the plan and month 4 give the same last day.
	const active = await as(browser, 'participant2');
	const ends = /Your plan ends on (\w+ \d+ \w+( \d{4})?)/.exec(
		await active.locator('main').innerText()
	);
	expect(ends, 'the end date on home').not.toBeNull();
	await active.goto('/plan');
	await expect(active.locator('main')).toContainText(`Your plan ends on ${ends![1]}`);
	await expect(active.locator('.months > li').nth(3)).toContainText(`to ${ends![1]}`);
	// And their navigator's Today gives the same last day.
	const navigator = await as(browser, 'navigator1');
	await navigator.goto('/navigator');
	await expect(navigator.locator('main')).toContainText(ends![1]);
});

test('a partner appointment says how attendance is confirmed there, not a code', async ({
	browser,
	baseURL
}) => {
	const origin = new URL(baseURL!).origin;
	const navigator = await as(browser, 'navigator1');
	const title = `Recovery service assessment ${Date.now() % 1_000_000}`;
	const placeId = await placeIdOf(navigator, 'Recovery service');
	const created = await navigator.request.post('/navigator/schedule/new', {
		form: {
			type: 'partner',
			title,
			date: addDays(londonDate(new Date()), 9),
			time: '06:10',
			minutes: '60',
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
	await navigator.goto(new URL(created.headers().location, origin).pathname);
	await navigator.getByLabel('Who').selectOption({ label: 'Jordan Ellis' });
	await navigator.getByRole('button', { name: 'Book them in' }).click();
	await expect(navigator.getByRole('status')).toContainText('Jordan Ellis is booked in');

	const participant = await as(browser, 'participant1');
	await participant.goto('/sessions');
	await participant
		.locator('article', { hasText: title })
		.getByRole('link', { name: title })
		.click();
	const how = participant.getByRole('region', { name: 'How to get there' });
	await expect(how).toContainText('The service tells your navigator that you came.');
	await expect(how).not.toContainText('navigator’s screen');
	// The place has no map link of its own: its address still opens on a map.
	await expect(how.getByRole('link', { name: /Open the map/ })).toHaveAttribute(
		'href',
		`https://www.openstreetmap.org/search?query=${encodeURIComponent('3 Old Elvet, Durham DH1 3HL')}`
	);
	await participant.screenshot({ path: 'test-results/partner-session.png', fullPage: true });
});

test('a participant answers the navigator’s question about hours and corrects them; the navigator sees the answer', async ({
	browser
}) => {
	const place = `Food bank, Claypath ${Date.now() % 1_000_000}`;
	const participant = await as(browser, 'participant3');
	await participant.goto('/plan/hours');
	await participant.getByLabel('Date', { exact: true }).fill(londonDate(new Date()));
	await participant.getByLabel('Hours', { exact: true }).fill('6');
	await participant.getByLabel('Where', { exact: true }).fill(place);
	await participant.getByRole('button', { name: 'Log hours' }).click();
	await expect(participant.getByRole('status')).toContainText('Your navigator will check them');

	const navigator = await as(browser, 'navigator1');
	await navigator.goto('/navigator');
	await navigator
		.locator('a[href^="/navigator/participants/"]', { hasText: 'Kerry Walsh' })
		.first()
		.click();
	const review = navigator
		.getByRole('region', { name: 'Volunteering hours' })
		.getByRole('listitem')
		.filter({ hasText: place });
	await review.getByLabel('Question (only to ask about it)').fill('Was this 6 hours or 3?');
	await review.getByRole('button', { name: 'Ask about it' }).click();
	await expect(review).toContainText('Queried');

	await participant.reload();
	const entry = participant.getByRole('listitem').filter({ hasText: place });
	await expect(entry).toContainText('Was this 6 hours or 3?');
	await entry.getByRole('button', { name: 'Send my answer' }).click();
	await expect(entry.locator('.field-error')).toContainText(
		'Write your answer, or change the hours'
	);
	await entry.getByLabel('Your answer').fill('Sorry, it was 3. I left at lunch.');
	await entry.getByLabel('The right number of hours').fill('3');
	await participant.screenshot({ path: 'test-results/hours-answer.png', fullPage: true });
	await entry.getByRole('button', { name: 'Send my answer' }).click();
	const answered = participant.getByRole('listitem').filter({ hasText: place });
	await expect(answered).toContainText('3 hours');
	await expect(answered).toContainText('Waiting to be checked');
	await expect(answered).toContainText('You answered: “Sorry, it was 3. I left at lunch.”');

	await navigator.reload();
	await expect(review).toContainText('Your question: Was this 6 hours or 3?');
	await expect(review).toContainText('Their answer: Sorry, it was 3. I left at lunch.');
	await expect(review).toContainText('3 hours');
	await expect(review).toContainText('To check');
});

test('discreet mode: neutral titles and header, no place in the calendar, and a Copy button for the link', async ({
	browser,
	request
}) => {
	const context = await browser.newContext();
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const page = await context.newPage();
	await signIn(page, 'participant5');
	await page.goto('/sessions');
	await expect(page).toHaveTitle('My sessions – Checkpoint');
	const card = page.getByRole('region', { name: "Your phone's calendar" });
	await expect(card).toContainText('They also show the place');

	await page.goto('/account');
	await page.getByLabel('Use discreet mode').check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Discreet mode is on.')).toBeVisible();

	for (const path of ['/', '/plan/contract', '/sessions', '/support']) {
		await page.goto(path);
		await expect(page).toHaveTitle('Appointments');
		await expect(page.locator('header .brand')).toHaveText('Appointments');
		await expect(page.locator('header')).not.toContainText('Checkpoint');
	}
	await page.goto('/sessions');
	await expect(card).toContainText('they show the time but not the place');
	await page.getByRole('button', { name: 'Get my private link' }).click();
	const url = await page.getByLabel('Your calendar link').inputValue();
	await page.getByRole('button', { name: 'Copy the link' }).click();
	await expect(card.getByText('Copied.')).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
	await page.screenshot({ path: 'test-results/sessions-discreet.png', fullPage: true });

	const feed = await (await request.get(url)).text();
	expect(feed).toContain('SUMMARY:Appointment');
	expect(feed).toContain('BEGIN:VEVENT');
	const locations = feed.split('\r\n').filter((line) => line.startsWith('LOCATION:'));
	for (const line of locations)
		expect(['LOCATION:Phone call', 'LOCATION:Video call']).toContain(line);

	await page.goto('/account');
	await page.getByLabel('Use discreet mode').uncheck();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Discreet mode is off.')).toBeVisible();
	await expect(page).toHaveTitle('Your account – Checkpoint');
	await context.close();
});

test('cancelling asks once, says what happens to the place, and works without JavaScript', async ({
	browser,
	baseURL
}) => {
	const origin = new URL(baseURL!).origin;
	const navigator = await as(browser, 'navigator1');
	const title = `Last place ${Date.now() % 1_000_000}`;
	const placeId = await placeIdOf(navigator, 'Checkpoint hub');
	const created = await navigator.request.post('/navigator/schedule/new', {
		form: {
			type: 'one_to_one',
			title,
			date: addDays(londonDate(new Date()), 4),
			time: '06:40',
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
	await navigator.goto(slotPath);
	await navigator.getByLabel('Who').selectOption({ label: 'Kerry Walsh' });
	await navigator.getByRole('button', { name: 'Book them in' }).click();
	await expect(navigator.getByRole('status')).toContainText('Kerry Walsh is booked in');

	const context = await browser.newContext({ javaScriptEnabled: false });
	const participant = await context.newPage();
	await participant.goto('/login');
	await participant.getByLabel('Username').fill('participant3');
	await participant.getByLabel('Passphrase').fill('checkpoint-demo');
	await participant.getByRole('button', { name: 'Sign in' }).click();
	await participant.goto('/sessions');
	const card = participant.locator('article', { hasText: title });
	await card.getByRole('link', { name: /Cancel this booking/ }).click();
	await expect(participant.getByRole('heading', { level: 1 })).toHaveText('Cancel this booking?');
	await expect(participant.locator('main')).toContainText(
		'This session has only one place, so someone else can book it at once'
	);
	await participant.getByRole('link', { name: 'No, keep it' }).click();
	await expect(card.locator('[data-session-state]')).toHaveText('Booked');

	await card.getByRole('link', { name: /Cancel this booking/ }).click();
	await participant.getByRole('button', { name: 'Yes, cancel my booking' }).click();
	await expect(participant.getByRole('status')).toContainText('Your booking is cancelled');
	await expect(
		participant.locator('article', { hasText: title }).locator('[data-session-state]')
	).toHaveText('Cancelled');
	await context.close();

	await navigator.reload();
	await expect(navigator.locator('.bookings [data-session-state]')).toHaveText('Cancelled');
	await expect(navigator.getByText('0 of 1')).toBeVisible();
});
