import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { expectAccessible, signIn } from './helpers';

test.describe.configure({ timeout: 120_000 });

/** The worker is active and, after one reload, controls the page (it never claims open pages). */
async function serviceWorkerReady(page: Page) {
	await expect
		.poll(
			() =>
				page.evaluate(
					async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? null
				),
			{ timeout: 30_000 }
		)
		.toBe('activated');
	await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

type Queued = { key: string; userId: string; kind: string };

/** What waits in the phone's offline queue. */
async function queuedItems(page: Page): Promise<Queued[]> {
	return page.evaluate(async () => {
		const names = (await indexedDB.databases()).map((d) => d.name);
		if (!names.includes('checkpoint-offline')) return [];
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('checkpoint-offline');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const items = await new Promise<Queued[]>((resolve) => {
			const request = db.transaction('queue').objectStore('queue').getAll();
			request.onsuccess = () => resolve(request.result);
		});
		db.close();
		return items;
	});
}

/** A same-origin POST from the page itself, as the queue makes it. */
async function postFromPage(page: Page, url: string, data: unknown) {
	return page.evaluate(
		async ({ url, data }) => {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(data)
			});
			return { status: response.status, body: await response.json().catch(() => null) };
		},
		{ url, data }
	);
}

async function participantPageId(page: Page, name: string) {
	await page.goto('/navigator/messages');
	const href = await page.getByRole('link', { name: new RegExp(name) }).getAttribute('href');
	return href!.split('/').pop()!;
}

test('the plan stays readable offline after one online visit', async ({ page, context }) => {
	await signIn(page, 'participant2');
	await serviceWorkerReady(page);
	await page.goto('/plan');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My plan');
	await expect
		.poll(() =>
			page.evaluate(async () =>
				(await caches.open('checkpoint-participant-pages')).match('/plan').then((r) => !!r)
			)
		)
		.toBe(true);

	await context.setOffline(true);
	await page.goto('/plan');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My plan');
	await expect(page.getByText(/You are offline\. This page was last updated at/)).toBeVisible();
	await expect(page).toHaveTitle('My plan – Checkpoint');
});

test('a message written offline waits, then arrives exactly once when the connection is back', async ({
	page,
	context,
	browser
}) => {
	const body = `Offline message ${Date.now()}`;
	await signIn(page, 'participant7');
	await serviceWorkerReady(page);
	await page.goto('/support');
	await page.waitForLoadState('networkidle');
	// A send that failed comes back with what was ticked; once unticked, it must stay so.
	const unsafe = page.getByLabel('I do not feel safe. Please contact me soon.');
	await unsafe.check();
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByRole('alert')).toContainText('Enter a message.');
	await unsafe.uncheck();

	await context.setOffline(true);
	await page.getByLabel('Your message').fill(body);
	await page.getByRole('button', { name: 'Send' }).click();
	const queued = page.getByRole('region', { name: 'Written while offline' });
	await expect(queued.getByText(body)).toBeVisible();
	await expect(queued.getByText('Waiting to send')).toBeVisible();
	await expect(page.getByLabel('Your message')).toHaveValue('');
	await expect(unsafe).not.toBeChecked();
	await expectAccessible(page);
	const items = await queuedItems(page);
	expect(items).toHaveLength(1);
	expect(items[0]).toMatchObject({
		kind: 'message',
		key: expect.stringMatching(/^[0-9a-f-]{36}$/)
	});

	await context.setOffline(false);
	await expect(queued.getByText('Sent. You can see it in the conversation above.')).toBeVisible();
	await expect(page.locator('.thread').getByText(body)).toHaveCount(1);
	await expect(page.locator('main').getByText(body)).toHaveCount(1);
	expect(await queuedItems(page)).toEqual([]);

	// The same item sent again (a retry after a lost answer) stores nothing new.
	const again = await postFromPage(page, '/support/queued', { ...items[0], body });
	expect(again).toEqual({ status: 200, body: { status: 'duplicate' } });

	const staff = await browser.newContext();
	const navigator = await staff.newPage();
	await signIn(navigator, 'navigator2');
	const id = await participantPageId(navigator, 'Chris Dunn');
	await navigator.goto(`/navigator/messages/${id}`);
	await expect(navigator.locator('.thread').getByText(body)).toHaveCount(1);
	await staff.close();
});

test('on a shared phone, nothing queued by one participant is stored under the next', async ({
	page,
	context
}) => {
	const body = `Shared phone ${Date.now()}`;
	await signIn(page, 'participant3');
	await serviceWorkerReady(page);
	await page.goto('/support');
	await page.waitForLoadState('networkidle');
	await context.setOffline(true);
	await page.getByLabel('Your message').fill(body);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByText('Waiting to send')).toBeVisible();
	const [item] = await queuedItems(page);
	expect(item.userId).toBeTruthy();

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
	expect(await queuedItems(page)).toEqual([]);

	await context.setOffline(false);
	await signIn(page, 'participant8');
	await page.goto('/support');
	await page.waitForLoadState('networkidle');
	await expect(page.getByText(body)).toHaveCount(0);
	await expect(page.getByText('Waiting to send')).toHaveCount(0);

	// The server refuses an item made by another user, whatever the phone does.
	const refused = await postFromPage(page, '/support/queued', { ...item, body });
	expect(refused.status).toBe(409);
	const refusedCheckIn = await postFromPage(page, '/check-in/queued', {
		key: crypto.randomUUID(),
		userId: item.userId,
		madeAt: Date.now(),
		code: '123456'
	});
	expect(refusedCheckIn.status).toBe(409);

	// An item of someone else's left on the phone is dropped, never sent under this account.
	await page.evaluate(
		async (leftOver) => {
			const db = await new Promise<IDBDatabase>((resolve) => {
				const request = indexedDB.open('checkpoint-offline', 1);
				request.onupgradeneeded = () =>
					request.result.createObjectStore('queue', { keyPath: 'key' });
				request.onsuccess = () => resolve(request.result);
			});
			await new Promise<void>((resolve) => {
				const tx = db.transaction('queue', 'readwrite');
				tx.objectStore('queue').put(leftOver);
				tx.oncomplete = () => resolve();
			});
			db.close();
		},
		{ ...item, body, createdAt: Date.now() }
	);
	await page.reload();
	await page.waitForLoadState('networkidle');
	await expect.poll(() => queuedItems(page)).toEqual([]);
	await expect(page.getByText(body)).toHaveCount(0);

	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL(/\/login/);
	await signIn(page, 'participant3');
	await page.goto('/support');
	await expect(page.locator('.thread').getByText(body)).toHaveCount(0);
});

test('a check-in made offline is sent once when the app is opened again online', async ({
	browser
}) => {
	const staff = await browser.newContext();
	const navigator = await staff.newPage();
	await signIn(navigator, 'navigator2');
	await navigator.setViewportSize({ width: 1280, height: 800 });
	const session = navigator.locator('article', { hasText: 'One-to-one with your navigator' });
	await expect(session.getByTestId('checkin-code')).toHaveText(/^\d{6}$/);

	const phone = await browser.newContext();
	let page = await phone.newPage();
	await signIn(page, 'participant5');
	await serviceWorkerReady(page);
	await page.goto('/check-in');
	await page.waitForLoadState('networkidle');

	await phone.setOffline(true);
	const code = (await session.getByTestId('checkin-code').innerText()).trim();
	await page.getByLabel('Check-in code').fill(code);
	await page.getByRole('button', { name: 'Check in' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Waiting to send' })).toBeVisible();
	const [item] = await queuedItems(page);
	expect(item).toMatchObject({ kind: 'check-in', code });
	await page.close();

	await phone.setOffline(false);
	page = await phone.newPage();
	await page.goto('/check-in');
	await expect(
		page.getByRole('status').filter({ hasText: 'Sent. You are checked in to One-to-one' })
	).toBeVisible();
	expect(await queuedItems(page)).toEqual([]);
	await expect(session.getByText('Checked in: 1 of 1')).toBeVisible({ timeout: 15_000 });

	const again = await postFromPage(page, '/check-in/queued', item);
	expect(again.status).toBe(200);
	expect(again.body).toMatchObject({ ok: true, duplicate: true });

	await phone.close();
	await staff.close();
});

/**
 * Playwright cannot route the browser's own update check of the worker script, so this deploys
 * for real: a copy of the build serves the page, then is restarted with a changed worker.
 */
test('a changed service worker brings the "new version" prompt', async ({ browser }) => {
	const port = Number(process.env.TEST_PORT ?? 4173) + 90;
	const origin = `http://localhost:${port}`;
	const dir = `data/sw-update-${port}`;
	rmSync(dir, { recursive: true, force: true });
	cpSync('build', `${dir}/build`, { recursive: true });
	let server = await deploy(`${dir}/build`, port);
	const context = await browser.newContext({ baseURL: origin });
	try {
		const page = await context.newPage();
		await signIn(page, 'participant6');
		await serviceWorkerReady(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Lee');
		await expect(page.getByText('A new version is ready.')).toHaveCount(0);
		await page.waitForLoadState('networkidle');

		await stop(server);
		const worker = `${dir}/build/client/sw.js`;
		writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n// next version\n`);
		for (const compressed of ['.br', '.gz']) rmSync(worker + compressed, { force: true });
		server = await deploy(`${dir}/build`, port);

		await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.getRegistration();
			await registration?.update();
		});
		await expect
			.poll(
				() =>
					page.evaluate(async () => {
						const registration = await navigator.serviceWorker.getRegistration();
						return !!(registration?.waiting || registration?.installing);
					}),
				{ timeout: 30_000 }
			)
			.toBe(true);
		await expect(page.getByText('A new version is ready.')).toBeVisible({ timeout: 30_000 });
		await page.getByRole('button', { name: 'Reload' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Lee');
		await expect(page.getByText('A new version is ready.')).toHaveCount(0);
	} finally {
		await context.close();
		await stop(server);
		rmSync(dir, { recursive: true, force: true });
	}
});

async function stop(server: ChildProcess) {
	if (server.exitCode !== null) return;
	const exited = new Promise((resolve) => server.once('exit', resolve));
	server.kill();
	await exited;
}

async function deploy(build: string, port: number) {
	const server = spawn('node', [build], {
		stdio: 'ignore',
		env: {
			...process.env,
			DATABASE_PATH: process.env.E2E_DATABASE_PATH || './data/e2e.db',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${port}`
		}
	});
	await expect
		.poll(
			() =>
				fetch(`http://127.0.0.1:${port}/help`).then(
					(r) => r.status,
					() => 0
				),
			{
				timeout: 30_000
			}
		)
		.toBe(200);
	return server;
}
