import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { expectAccessible, signIn } from './helpers';

async function signedIn(browser: Browser, username: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, username);
	return { context, page };
}

/** The participant's id, read from the navigator's own inbox link. */
async function participantId(page: Page, name: string) {
	await page.goto('/navigator/messages');
	const href = await page.getByRole('link', { name }).getAttribute('href');
	return href!.split('/').at(-1)!;
}

async function send(page: Page, text: string) {
	await page.getByLabel('Your message').fill(text);
	await page.getByRole('button', { name: 'Send', exact: true }).click();
}

test('a message goes both ways without a reload, and staff reading it is audited', async ({
	browser
}) => {
	const participant = await signedIn(browser, 'participant1');
	const navigator = await signedIn(browser, 'navigator1');
	const id = await participantId(navigator.page, 'Jordan Ellis');

	await navigator.page.goto(`/navigator/messages/${id}`);
	await expect(navigator.page.getByRole('heading', { level: 1 })).toHaveText(
		'Messages with Jordan Ellis'
	);
	await navigator.page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

	await participant.page.goto('/support');
	await expect(participant.page.getByText('If you are in danger now, call 999.')).toBeVisible();
	await expect(participant.page.getByText('Monday to Friday, 9am to 5pm')).toBeVisible();
	await participant.page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
	const question = `Can I move Thursday? ${Date.now()}`;
	await send(participant.page, question);
	await expect(participant.page.getByRole('log').getByText(question)).toBeVisible();
	await expect(participant.page.getByLabel('Your message')).toHaveValue('');

	await expect(navigator.page.getByRole('log').getByText(question)).toBeVisible({
		timeout: 15_000
	});
	const answer = `Yes, I will move it to Friday. ${Date.now()}`;
	await send(navigator.page, answer);
	await expect(navigator.page.getByRole('log').getByText(answer)).toBeVisible();

	await expect(participant.page.getByRole('log').getByText(answer)).toBeVisible({
		timeout: 15_000
	});
	for (const page of [participant.page, navigator.page]) {
		expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
	}

	const db = new Database('./data/e2e.db', { readonly: true });
	const audited = db
		.prepare(
			`select count(*) as n from audit_log where action = 'message.read' and participant_id = ?`
		)
		.get(id) as { n: number };
	db.close();
	expect(audited.n).toBeGreaterThanOrEqual(2);

	await expectAccessible(navigator.page);
	await participant.context.close();
	await navigator.context.close();
});

test('a struggling weekly check-in shows crisis contacts and reaches the navigator', async ({
	browser
}) => {
	const participant = await signedIn(browser, 'participant1');
	await participant.page.goto('/support/wellbeing');
	await participant.page.getByLabel('Really struggling').check();
	await participant.page.getByLabel('Housing, somewhere to live').check();
	await participant.page.getByLabel('Anything you want to tell').fill('Bad week.');
	await participant.page.getByRole('button', { name: 'Send my check-in' }).click();
	await expect(participant.page.getByText('Thank you for telling us.')).toBeVisible();
	await expect(participant.page.getByRole('link', { name: 'Call 999' })).toHaveAttribute(
		'href',
		'tel:999'
	);
	await expect(participant.page.getByRole('link', { name: 'Call 116 123' })).toBeVisible();
	await expectAccessible(participant.page);

	// The page's first address, as phones still hold it in history and old notifications.
	await participant.page.goto('/support/check-in');
	await expect(participant.page).toHaveURL(/\/support\/wellbeing$/);
	await expect(participant.page.getByText('You have done this week’s check-in')).toBeVisible();

	const navigator = await signedIn(browser, 'navigator1');
	await navigator.page.goto('/navigator');
	const jordan = navigator.page
		.getByRole('region', { name: 'Needs attention' })
		.getByRole('listitem')
		.filter({ has: navigator.page.getByRole('link', { name: 'Jordan Ellis' }) });
	await expect(jordan).toContainText('Weekly check-in: Really struggling');

	await jordan.getByRole('link', { name: 'Jordan Ellis' }).click();
	await expect(navigator.page.getByRole('table')).toContainText('1 of 5, Really struggling');
	await expect(navigator.page.getByRole('table')).toContainText('Bad week.');
	await participant.context.close();
	await navigator.context.close();
});

test('another navigator cannot read a thread by page, endpoint or id', async ({ browser }) => {
	const own = await signedIn(browser, 'navigator1');
	const id = await participantId(own.page, 'Jordan Ellis');
	await own.context.close();

	const other = await signedIn(browser, 'navigator2');
	await other.page.goto('/navigator/messages');
	await expect(other.page.getByRole('link', { name: 'Jordan Ellis' })).toHaveCount(0);
	for (const path of [`/navigator/messages/${id}`, `/navigator/messages/${id}/updates?after=0`]) {
		const response = await other.page.request.get(path);
		expect(response.status(), path).toBe(404);
		expect(await response.text()).not.toContain('Morgan');
	}
	const origin = new URL(test.info().project.use.baseURL!).origin;
	const post = await other.page.request.post(`/navigator/messages/${id}?/send`, {
		form: { body: 'Not my participant' },
		headers: { origin, accept: 'application/json' },
		maxRedirects: 0
	});
	expect(post.status()).toBe(404);
	await other.context.close();

	const participant = await signedIn(browser, 'participant5');
	const page = await participant.page.request.get(`/navigator/messages/${id}`);
	expect(page.status()).toBe(403);
	const updates = await participant.page.request.get('/support/updates?after=0');
	const body = (await updates.json()) as { messages: { body: string }[] };
	expect(body.messages.map((m) => m.body).join(' ')).not.toContain('Jordan');
	await participant.context.close();
});

test('bad input gets a clear message and nothing typed is lost', async ({ page }) => {
	await signIn(page, 'participant2');
	await page.goto('/support');
	await send(page, '   ');
	await expect(page.getByRole('alert')).toContainText('Enter a message.');

	const long = 'a'.repeat(2001);
	await send(page, long);
	await expect(page.locator('#body-error')).toContainText('2000 characters or fewer');
	await expect(page.getByLabel('Your message')).toHaveValue(long);

	const html = `<script>window.injected = true</script><b>bold</b> ${Date.now()}`;
	await send(page, html);
	const log = page.getByRole('log');
	await expect(log.getByText(html)).toBeVisible();
	await expect(log.locator('b')).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('log').getByText(html)).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBe(
		undefined
	);

	await page.goto('/support/callback');
	await page.getByLabel('Your phone number').fill('+33 6 12 34 56 78');
	await page.getByLabel('When is a good time to call?').fill('Mornings');
	await page.getByRole('button', { name: 'Ask for a call' }).click();
	await expect(page.locator('#phone-error')).toContainText('Enter a UK phone number');
	await expect(page.getByLabel('When is a good time to call?')).toHaveValue('Mornings');
	await page.getByLabel('Your phone number').fill('07700 900123');
	await page.getByRole('button', { name: 'Ask for a call' }).click();
	await expect(page.getByText('will call you')).toBeVisible();
});

test.describe('on a slow phone', () => {
	// The service worker would serve the app's scripts from its cache, past the held requests.
	test.use({ serviceWorkers: 'block' });

	test('what is typed and ticked while the app is still loading is kept and sent', async ({
		page
	}) => {
		await signIn(page, 'participant6');
		// The page is shown and typed into before its scripts arrive, as on patchy mobile data.
		let scriptsMayLoad!: () => void;
		const slowData = new Promise<void>((resolve) => (scriptsMayLoad = resolve));
		let held = 0;
		await page.route('**/_app/immutable/**/*.js', async (route) => {
			held++;
			await slowData;
			await route.continue();
		});
		await page.goto('/support', { waitUntil: 'domcontentloaded' });
		const text = `Typed before it loaded ${Date.now()}`;
		await page.getByLabel('Your message').fill(text);
		await page.getByLabel('I do not feel safe. Please contact me soon.').check();
		expect(held).toBeGreaterThan(0);
		// The conversation asks for new messages once the app has taken the page over.
		const appRunning = page.waitForRequest((request) => request.url().includes('after='));
		scriptsMayLoad();
		await appRunning;
		await expect(page.getByLabel('Your message')).toHaveValue(text);
		await expect(page.getByLabel('I do not feel safe. Please contact me soon.')).toBeChecked();
		await page.getByRole('button', { name: 'Send', exact: true }).click();
		await expect(page.getByRole('log').getByText(text)).toBeVisible();
		await expect(page.getByText('You said you do not feel safe')).toBeVisible();
	});
});

test('a call request stays on the navigator’s list until marked done', async ({ page }) => {
	await signIn(page, 'navigator1');
	await page.goto('/navigator');
	const kerry = page
		.getByRole('region', { name: 'Needs attention' })
		.getByRole('listitem')
		.filter({ hasText: 'Kerry Walsh' })
		.first();
	await kerry.getByRole('link', { name: 'Asked for a call' }).click();
	await expect(page.getByRole('link', { name: '07700 900461' })).toHaveAttribute(
		'href',
		'tel:07700900461'
	);
	await page.getByRole('button', { name: 'Mark as done' }).click();
	await expect(page.getByText('Call request marked as done.')).toBeVisible();
	await page.goto('/navigator');
	await expect(page.getByRole('region', { name: 'Needs attention' })).toContainText('Kerry Walsh');
	await expect(kerry).not.toContainText('Asked for a call');
});

test('reminders are turned on by a button, and nothing is asked before it is pressed', async ({
	page
}) => {
	await signIn(page, 'participant3');
	await page.goto('/account');
	const reminders = page.getByRole('region', { name: 'Reminders' });
	await expect(reminders).toContainText('never say what the appointment is for');
	await expect(reminders.getByRole('button', { name: 'Turn on reminders' })).toBeVisible();
	expect(await page.evaluate(() => Notification.permission)).toBe('default');
	const origin = new URL(test.info().project.use.baseURL!).origin;
	const crossSite = await page.request.post('/account/reminders', {
		data: { endpoint: 'https://push.example/x', keys: { p256dh: 'a', auth: 'b' } },
		headers: { origin: 'https://evil.example' }
	});
	expect(crossSite.status()).toBe(403);
	const plain = await page.request.post('/account/reminders', {
		data: { endpoint: 'http://push.example/x', keys: { p256dh: 'a', auth: 'b' } },
		headers: { origin }
	});
	expect(plain.status()).toBe(400);

	const worker = await (await page.request.get('/sw.js')).text();
	expect(worker).toMatch(/addEventListener\(`push`|addEventListener\(["']push["']/);
	expect(worker).toMatch(
		/addEventListener\(`notificationclick`|addEventListener\(["']notificationclick["']/
	);
});

test('signing out stops reminders on this phone, and the server forgets this phone only', async ({
	page
}) => {
	const origin = new URL(test.info().project.use.baseURL!).origin;
	const thisPhone = `https://push.example/this-phone-${Date.now()}`;
	const otherPhone = `https://push.example/other-phone-${Date.now()}`;
	let unsubscribed = 0;
	await page.exposeFunction('reportUnsubscribed', () => unsubscribed++);
	// No push service answers here, so the browser's subscription is played by a stand-in.
	await page.addInitScript((endpoint) => {
		PushManager.prototype.getSubscription = async () =>
			({
				endpoint,
				unsubscribe: async () => {
					await (
						window as unknown as { reportUnsubscribed: () => Promise<void> }
					).reportUnsubscribed();
					return true;
				}
			}) as unknown as PushSubscription;
	}, thisPhone);

	await signIn(page, 'participant3');
	const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };
	for (const endpoint of [thisPhone, otherPhone]) {
		const saved = await page.request.post('/account/reminders', {
			data: { endpoint, keys },
			headers: { origin }
		});
		expect(saved.status()).toBe(200);
	}
	await page.goto('/account');
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await page.getByRole('button', { name: 'Sign out of this device' }).click();
	await expect(page).toHaveURL(/\/login/);

	expect(unsubscribed).toBe(1);
	const db = new Database('./data/e2e.db', { readonly: true });
	const left = db
		.prepare('select endpoint from push_subscription where endpoint in (?, ?)')
		.all(thisPhone, otherPhone);
	db.close();
	expect(left).toEqual([{ endpoint: otherPhone }]);

	await signIn(page, 'participant3');
	const tidied = await page.request.delete('/account/reminders', {
		data: { endpoint: otherPhone },
		headers: { origin }
	});
	expect(tidied.status()).toBe(200);
});
