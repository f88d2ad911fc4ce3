import { expect, test, type Page } from '@playwright/test';
import { demoPassword } from './helpers';

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

async function expectFocusVisible(page: Page) {
	const outline = await page.evaluate(() => {
		const el = document.activeElement as HTMLElement;
		const style = getComputedStyle(el);
		const box = el.getBoundingClientRect();
		return {
			width: style.outlineWidth,
			inView: box.top >= 0 && box.bottom <= window.innerHeight
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
