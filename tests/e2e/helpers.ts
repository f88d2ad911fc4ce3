import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const demoPassword = 'checkpoint-demo';

export async function signIn(page: Page, username: string, password = demoPassword) {
	await page.goto('/login');
	// Signs in through the form as the app enhances it, the way most people will.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Passphrase').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The id of a listed place, as the signed-in navigator's slot form offers it. */
export async function placeIdOf(page: Page, name: string) {
	await page.goto('/navigator/schedule/new');
	const option = page.getByLabel('Place (in person)').locator('option', { hasText: name });
	return (await option.getAttribute('value'))!;
}

export const viewports = {
	phone: { width: 390, height: 844 },
	desktop: { width: 1280, height: 800 }
} as const;

/** Axe (WCAG 2.2 A and AA) at phone and desktop size, in light and dark colours. */
export async function expectAccessible(page: Page) {
	for (const [name, size] of Object.entries(viewports)) {
		for (const colorScheme of ['light', 'dark'] as const) {
			await page.setViewportSize(size);
			await page.emulateMedia({ colorScheme });
			const results = await new AxeBuilder({ page })
				.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
				.analyze();
			const summary = results.violations.map(
				(v) =>
					`${v.id} (${name}, ${colorScheme}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
			);
			expect(summary, `axe violations on ${page.url()}`).toEqual([]);
		}
	}
	await page.setViewportSize(viewports.phone);
	await page.emulateMedia({ colorScheme: 'light' });
}

/** No sideways scrolling at 320 px wide. */
export async function expectReflow(page: Page) {
	await page.setViewportSize({ width: 320, height: 640 });
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(0);
	await page.setViewportSize(viewports.phone);
}
