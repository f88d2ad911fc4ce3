import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoPassword, signIn } from './helpers';

/** Presses Tab until the element matching `name` has focus; fails if it never does. */
async function tabTo(page: Page, name: RegExp, limit = 40) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			if (!el) return '';
			const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : '';
			return `${label ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''}`.trim();
		});
		if (name.test(focused)) return;
	}
	throw new Error(`Could not reach ${name} with the Tab key`);
}

/** Presses Tab until `target` has focus; fails if it never does. */
async function tabToElement(page: Page, target: Locator, limit = 80) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((el) => el === document.activeElement)) return;
	}
	throw new Error('Could not reach the element with the Tab key');
}

async function expectFocusVisible(page: Page) {
	const outline = await page.evaluate(() => {
		const el = document.activeElement as HTMLElement;
		const style = getComputedStyle(el);
		const box = el.getBoundingClientRect();
		return {
			width: style.outlineWidth,
			// Chrome scrolls a focused element to the nearest edge, which can leave it a fraction
			// of a pixel past the edge after rounding; that is not hidden from anyone.
			inView: box.top >= -1 && box.bottom <= window.innerHeight + 1
		};
	});
	expect(outline.width).not.toBe('0px');
	expect(outline.inView).toBe(true);
}

test('sign in and sign out with the keyboard alone', async ({ page }) => {
	await page.goto('/login');
	await tabTo(page, /^Username/);
	await expectFocusVisible(page);
	await page.keyboard.type('participant2');
	await tabTo(page, /^Passphrase/);
	await page.keyboard.type(demoPassword);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello Sam');

	await tabTo(page, /^Sign out$/, 80);
	await expectFocusVisible(page);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/login/);
});

test('book a session with the keyboard alone', async ({ page }) => {
	await signIn(page, 'participant7');
	await page.goto('/sessions/book');
	await page.waitForLoadState('networkidle');
	await tabToElement(page, page.getByRole('button', { name: /^Book / }).first());
	await expectFocusVisible(page);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/sessions\/[^/]+\?booked=1$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('check in to a remote session with the keyboard alone', async ({ page }) => {
	await signIn(page, 'participant2');
	await page.goto('/check-in');
	await page.waitForLoadState('networkidle');
	await tabToElement(page, page.getByRole('button', { name: /^Check in now/ }));
	await expectFocusVisible(page);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status')).toContainText('You are checked in');
});

test('send a message with the keyboard alone', async ({ page }) => {
	await signIn(page, 'participant8');
	await page.goto('/support');
	await page.waitForLoadState('networkidle');
	await tabTo(page, /^Your message/, 80);
	await expectFocusVisible(page);
	const text = `Typed with the keyboard ${Date.now()}`;
	await page.keyboard.type(text);
	await tabTo(page, /^Send$/);
	await page.keyboard.press('Enter');
	await expect(page.getByText(text)).toBeVisible();
});

test('a navigator records an outcome with the keyboard alone', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, 'navigator2');
	await page.goto('/navigator/attendance');
	await page.waitForLoadState('networkidle');
	await tabTo(page, /^Record outcome/, 200);
	await expectFocusVisible(page);
	await page.keyboard.press('Enter');
	await tabTo(page, /^What happened/);
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	const chosen = await page.evaluate(() => (document.activeElement as HTMLSelectElement).value);
	expect(chosen).not.toBe('');
	await tabTo(page, /^Reason/);
	await page.keyboard.type('Recorded from the keyboard');
	await tabTo(page, /^Save$/);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').first()).toBeVisible();
});
