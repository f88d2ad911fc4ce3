import { expect, test, type Page } from '@playwright/test';
import { signIn, viewports } from './helpers';

const neutralSite = /^https:\/\/www\.bbc\.co\.uk\/weather/;

async function answerForTheNeutralSite(page: Page) {
	await page.route(neutralSite, (route) =>
		route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' })
	);
}

test('"Leave this page quickly" is at the top of a phone screen and leaves no Back step to the page', async ({
	page
}) => {
	await answerForTheNeutralSite(page);
	await page.setViewportSize(viewports.phone);
	await signIn(page, 'participant3');
	await page.goto('/plan');
	await page.waitForLoadState('networkidle');

	const header = page.getByRole('banner');
	const brand = (await header.getByRole('link', { name: 'Checkpoint' }).boundingBox())!;
	const help = (await header.getByRole('link', { name: 'Get help' }).boundingBox())!;
	const leave = header.getByRole('link', { name: 'Leave this page quickly' });
	const box = (await leave.boundingBox())!;
	// One row for the name and Get help, the next for the way out, across the width of the phone.
	expect(Math.abs(help.y + help.height / 2 - (brand.y + brand.height / 2))).toBeLessThan(4);
	expect(box.y).toBeGreaterThanOrEqual(brand.y + brand.height);
	expect(box.y + box.height).toBeLessThan(viewports.phone.height / 6);
	expect(box.width).toBeGreaterThan(viewports.phone.width * 0.8);

	await leave.click();
	await expect(page).toHaveURL(neutralSite);
	await page.goBack();
	expect(new URL(page.url()).pathname).not.toBe('/plan');
});

test('pressing Shift three times leaves too', async ({ page }) => {
	await answerForTheNeutralSite(page);
	await signIn(page, 'participant3');
	await page.waitForLoadState('networkidle');
	for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
	await expect(page).toHaveURL(neutralSite);
});

test('staff pages have no quick-exit link', async ({ page }) => {
	await signIn(page, 'navigator1');
	await expect(page.getByRole('link', { name: 'Get help' }).first()).toBeVisible();
	await expect(page.getByRole('link', { name: 'Leave this page quickly' })).toHaveCount(0);
});
