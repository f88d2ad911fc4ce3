import { expect, test } from '@playwright/test';
import { expectAccessible, expectReflow, signIn } from './helpers';

/** Every page, by who can see it. A new page is covered by adding it here. */
export const pagesByRole = {
	public: ['/login', '/activate', '/help', '/offline', '/accessibility'],
	participant: ['/', '/sessions', '/sessions/book', '/account'],
	navigator: [
		'/navigator',
		'/navigator/participants/new',
		'/navigator/schedule',
		'/navigator/schedule/new',
		'/account'
	],
	coordinator: ['/coordinator', '/coordinator/users', '/account']
} as const;

const demoUser = {
	participant: 'participant1',
	navigator: 'navigator1',
	coordinator: 'coordinator'
};

for (const [role, paths] of Object.entries(pagesByRole)) {
	test(`${role} pages have no axe violations and reflow at 320px`, async ({ page }) => {
		if (role !== 'public') await signIn(page, demoUser[role as keyof typeof demoUser]);
		const titles = new Set<string>();
		for (const path of paths) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(200);
			await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
			const title = await page.title();
			expect(titles.has(title), `duplicate title ${title}`).toBe(false);
			titles.add(title);
			await expectAccessible(page);
			await expectReflow(page);
		}
	});
}

test('the navigator participant page is accessible', async ({ page }) => {
	await signIn(page, 'navigator1');
	await page.goto('/navigator');
	await page.getByRole('link', { name: 'Jordan Ellis' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jordan Ellis');
	await expectAccessible(page);
});

test('the skip link moves focus to the main content', async ({ page }) => {
	await page.goto('/login');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to main content' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
});
