/**
 * `npm run screenshots`: signs in as each demo role and saves every page at phone (390×844) and
 * desktop (1280×800) size, light and dark, into ./screenshots (git-ignored) for review.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { demoUserFor, pagesByRole } from '../tests/e2e/pages';

const port = process.env.SCREENSHOT_PORT || '4280';
const base = `http://localhost:${port}`;
const sizes = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

async function waitForServer() {
	for (let i = 0; i < 600; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/help`)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('The server did not start');
}

const server = spawn('node', ['scripts/test-server.js'], {
	stdio: ['ignore', 'ignore', 'inherit'],
	env: { ...process.env, TEST_PORT: port, E2E_DATABASE_PATH: './data/screenshots.db' }
});

try {
	await waitForServer();
	mkdirSync('screenshots', { recursive: true });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	for (const [role, paths] of Object.entries(pagesByRole)) {
		for (const colorScheme of ['light', 'dark'] as const) {
			const context = await browser.newContext({
				locale: 'en-GB',
				timezoneId: 'Europe/London',
				colorScheme
			});
			const page = await context.newPage();
			if (role !== 'public') {
				await page.goto(`${base}/login`);
				await page.getByLabel('Username').fill(demoUserFor[role as keyof typeof demoUserFor]);
				await page.getByLabel('Passphrase').fill('checkpoint-demo');
				await page.getByRole('button', { name: 'Sign in' }).click();
				await page.waitForURL((url) => !url.pathname.startsWith('/login'));
			}
			for (const path of paths) {
				for (const [sizeName, size] of Object.entries(sizes)) {
					await page.setViewportSize(size);
					await page.goto(base + path);
					const slug = path === '/' ? '_home' : path.replaceAll('/', '_');
					const name = `${role}${slug}-${sizeName}-${colorScheme}.png`;
					await page.screenshot({ path: `screenshots/${name}`, fullPage: true });
					console.log(`screenshots/${name}`);
				}
			}
			await context.close();
		}
	}
	await browser.close();
} finally {
	server.kill('SIGTERM');
}
