import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { signIn } from './helpers';

/** waitForFunction would take the promise an async check returns as true at once. */
async function serviceWorkerReady(page: Page) {
	await expect
		.poll(
			() =>
				page.evaluate(async () => {
					const registration = await navigator.serviceWorker?.getRegistration();
					return (
						registration?.active?.state === 'activated' && !!navigator.serviceWorker.controller
					);
				}),
			{ timeout: 30_000 }
		)
		.toBe(true);
}

/** The participant pages kept for offline reading, as paths. */
async function offlineCopies(page: Page) {
	return page.evaluate(async () => {
		const cache = await caches.open('checkpoint-participant-pages');
		return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
	});
}

/**
 * Waits for the app to keep its copies on its own. Installing the worker (the whole precache)
 * can take seconds on a busy machine, and nothing is kept before it is active.
 */
async function expectOfflineCopies(page: Page, paths: string[]) {
	await expect.poll(() => offlineCopies(page), { timeout: 30_000 }).toEqual(paths);
}

async function cachedUrls(page: Page) {
	return page.evaluate(async () => {
		const urls: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys())
				urls.push(`${name} ${request.url}`);
		}
		return urls;
	});
}

async function storedDatabases(page: Page) {
	return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
}

async function goOffline(context: BrowserContext) {
	await context.setOffline(true);
}

test('the manifest and service worker are served', async ({ request }) => {
	const manifest = await request.get('/manifest.webmanifest');
	expect(manifest.ok()).toBe(true);
	const body = await manifest.json();
	expect(body).toMatchObject({ name: 'Checkpoint', display: 'standalone', theme_color: '#2f5d50' });
	expect(
		body.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)
	).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
	const worker = await request.get('/sw.js');
	expect(worker.ok()).toBe(true);
	expect(worker.headers()['content-type']).toContain('javascript');
});

test('the precache holds only public files: no server route, no __data.json, no signed-in page', async ({
	request
}) => {
	const worker = await (await request.get('/sw.js')).text();
	const urls = [...worker.matchAll(/"?url"?:\s*"([^"]+)"/g)].map((m) => m[1]);
	expect(urls).toEqual(expect.arrayContaining(['help', 'offline']));
	const allowedPages = new Set(['help', 'offline', 'accessibility']);
	for (const url of urls) {
		expect(url, url).not.toContain('__data.json');
		const isAsset = /\.(js|css|svg|png|webmanifest|ico|webp)$/.test(url);
		expect(isAsset || allowedPages.has(url), `unexpected precache entry ${url}`).toBe(true);
	}
});

test('a participant can read home offline after one online visit, and sign-out leaves nothing', async ({
	page,
	context
}) => {
	// Signing in lands on home, and the menu leads on, both within the app: neither is a page load.
	await signIn(page, 'participant1');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Jordan');
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Sessions' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My sessions');
	await expectOfflineCopies(page, ['/', '/sessions']);

	await goOffline(context);
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Jordan');
	await expect(page.getByText(/You are offline\. This page was last updated at/)).toBeVisible();

	await page.goto('/sessions');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My sessions');
	await expect(page.getByText(/You are offline\. This page was last updated at/)).toBeVisible();

	await page.goto('/account');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');

	await page.goto('/help');
	await expect(page.getByRole('link', { name: 'Call 999' })).toHaveAttribute('href', 'tel:999');

	await page.goto('/');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
	expect((await cachedUrls(page)).filter((u) => !u.includes('workbox-precache'))).toEqual([
		expect.stringContaining('pending-sign-out')
	]);
	expect(await storedDatabases(page)).toEqual([]);
	await page.goto('/');
	await expect(page.locator('body')).not.toContainText('Jordan');

	await context.setOffline(false);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
	await expect(page.locator('body')).not.toContainText('Jordan');
	expect((await cachedUrls(page)).filter((u) => !u.includes('workbox-precache'))).toEqual([]);
});

test("signed out offline, the server forgets this phone's reminders once the connection is back", async ({
	page,
	context
}) => {
	const origin = new URL(test.info().project.use.baseURL!).origin;
	const thisPhone = `https://push.example/offline-phone-${Date.now()}`;
	const storedFor = (endpoint: string) => {
		const db = new Database('./data/e2e.db', { readonly: true });
		const row = db
			.prepare('select count(*) as n from push_subscription where endpoint = ?')
			.get(endpoint) as { n: number };
		db.close();
		return row.n;
	};
	// No push service answers here, so the browser's subscription is played by a stand-in.
	await page.addInitScript((endpoint) => {
		PushManager.prototype.getSubscription = async () =>
			({ endpoint, unsubscribe: async () => true }) as unknown as PushSubscription;
	}, thisPhone);

	await signIn(page, 'participant2');
	const saved = await page.request.post('/account/reminders', {
		data: { endpoint: thisPhone, keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) } },
		headers: { origin }
	});
	expect(saved.status()).toBe(200);
	await serviceWorkerReady(page);

	await goOffline(context);
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
	expect(storedFor(thisPhone)).toBe(1);

	await context.setOffline(false);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
	await expect.poll(() => storedFor(thisPhone)).toBe(0);
});

test('the first page opened on a device, before the worker is installed, is kept too', async ({
	browser
}) => {
	const signedIn = await browser.newContext();
	await signIn(await signedIn.newPage(), 'participant1');
	const storageState = await signedIn.storageState();
	await signedIn.close();

	// Same sign-in, new device: no worker yet when the plan is opened straight from a link.
	const context = await browser.newContext({ storageState });
	const page = await context.newPage();
	const response = await page.goto('/plan');
	expect(response?.fromServiceWorker()).toBe(false);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My plan');
	await expectOfflineCopies(page, ['/plan']);

	await goOffline(context);
	await page.goto('/plan');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My plan');
	await expect(page.getByText(/You are offline\. This page was last updated at/)).toBeVisible();
	await context.close();
});

test('signing out online clears caches and storage', async ({ page }) => {
	await signIn(page, 'participant5');
	await expectOfflineCopies(page, ['/']);
	await page.evaluate(() => indexedDB.open('checkpoint-test-store'));
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login/);
	expect((await cachedUrls(page)).filter((u) => !u.includes('workbox-precache'))).toEqual([]);
	expect(await storedDatabases(page)).toEqual([]);
});

test('navigator pages are never stored on the device', async ({ page, context }) => {
	await signIn(page, 'navigator1');
	await page.goto('/navigator/participants/new');
	await serviceWorkerReady(page);
	const registration = await page.evaluate(async () => {
		const r = await navigator.serviceWorker.ready;
		return { scope: r.scope, script: r.active?.scriptURL };
	});
	expect(registration).toEqual({
		scope: new URL('/', page.url()).href,
		script: new URL('/sw.js', page.url()).href
	});
	for (const path of ['/navigator', '/', '/account']) await page.goto(path);
	const stored = (await cachedUrls(page)).filter((u) => !u.includes('workbox-precache'));
	expect(stored).toEqual([]);
	await context.setOffline(true);
	await page.goto('/navigator');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
});
