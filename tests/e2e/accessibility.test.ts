import { expect, test } from '@playwright/test';
import { expectAccessible, expectReflow, signIn } from './helpers';
import { demoUserFor, pagesByRole } from './pages';

for (const [role, paths] of Object.entries(pagesByRole)) {
	for (const path of paths) {
		test(`${role} ${path}: no axe violations, reflows at 320px, has a title and lang`, async ({
			page
		}) => {
			if (role !== 'public') await signIn(page, demoUserFor[role as keyof typeof demoUserFor]);
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(200);
			await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
			await expect(page).toHaveTitle(/ – Checkpoint$/);
			await expect(page.locator('h1')).toHaveCount(1);
			await expectAccessible(page);
			await expectReflow(page);
		});
	}
}

test('every page title is different', async ({ page }) => {
	const titles = new Map<string, string>();
	for (const [role, paths] of Object.entries(pagesByRole)) {
		if (role !== 'public') await signIn(page, demoUserFor[role as keyof typeof demoUserFor]);
		for (const path of paths) {
			if (path === '/account' && role !== 'participant') continue;
			await page.goto(path);
			const title = await page.title();
			expect(
				titles.get(title),
				`${path} has the same title as ${titles.get(title)}`
			).toBeUndefined();
			titles.set(title, path);
		}
		if (role !== 'public') await page.context().clearCookies();
	}
});

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
