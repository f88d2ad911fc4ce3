import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { signIn } from './helpers';

async function serviceWorkerReady(page: Page) {
	await page.waitForFunction(async () => {
		const registration = await navigator.serviceWorker?.getRegistration();
		return registration?.active?.state === 'activated' && !!navigator.serviceWorker.controller;
	});
}

/**
 * One online visit with the worker in charge. The very first reload after the worker takes
 * control can still go straight to the network in Chromium, so visit until the copy is kept.
 */
async function visitWithWorker(page: Page) {
	for (let attempt = 0; attempt < 8; attempt++) {
		await page.reload();
		const stored = await page.evaluate(async () => {
			const cache = await caches.open('checkpoint-participant-pages');
			return !!(await cache.match(location.pathname));
		});
		if (stored) return;
	}
	throw new Error('The service worker never kept the page');
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
	await signIn(page, 'participant1');
	await serviceWorkerReady(page);
	await page.goto('/sessions');
	await visitWithWorker(page);
	await page.goto('/');
	await visitWithWorker(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Jordan');

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

test('signing out online clears caches and storage', async ({ page }) => {
	await signIn(page, 'participant5');
	await serviceWorkerReady(page);
	await visitWithWorker(page);
	await expect
		.poll(() => cachedUrls(page))
		.toContainEqual(expect.stringContaining('participant-pages'));
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
