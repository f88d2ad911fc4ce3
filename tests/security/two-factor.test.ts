import { expect, test } from '@playwright/test';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { expectAccessible, expectReflow } from '../e2e/helpers';
import { freshAccount, get, origin, outcome, post, signIn } from './support';

function totp(keyText: string) {
	return generateTOTP(decodeBase32IgnorePadding(keyText.replace(/\s/g, '')), 30, 6);
}

test('staff must set up and then give a second factor; guesses are throttled', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const coordinator = await signIn('coordinator');
	const staff = await freshAccount('navigator', coordinator, 'Second Factor Test');

	// Before the second factor, nothing of the account is reachable by any route.
	for (const path of ['/navigator', '/navigator/__data.json', '/account', '/coordinator/users']) {
		const response = await get(path, staff.cookie);
		const location =
			response.status === 303
				? response.headers.get('location')
				: ((await response.json()) as { location?: string }).location;
		expect(location, path).toMatch(/^\/2fa\/setup/);
	}
	expect(
		await outcome(
			await post(
				'/navigator/participants/new',
				{ displayName: 'X', username: `never-${Date.now() % 1e6}` },
				{ cookie: staff.cookie, json: true }
			)
		)
	).not.toBe('reached');
	expect((await get('/2fa', staff.cookie)).headers.get('location')).toMatch(/^\/2fa\/setup/);

	const context = await browser.newContext();
	const [name, value] = staff.cookie.split('=');
	await context.addCookies([{ name, value, url: origin }]);
	const page = await context.newPage();
	await page.goto('/navigator');
	await expect(page).toHaveURL(/\/2fa\/setup\?redirectTo=%2Fnavigator/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up sign-in codes');
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
	await expectAccessible(page);
	await expectReflow(page);
	const key = await page.locator('.key code').innerText();

	await page.getByLabel('6-digit code').fill('000000');
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.locator('#code-error')).toContainText('does not match');
	expect(await page.locator('.key code').innerText()).toBe(key);

	await page.getByLabel('6-digit code').fill(totp(key));
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Keep your recovery codes');
	const recoveryCodes = await page.locator('.codes code').allInnerTexts();
	expect(recoveryCodes).toHaveLength(8);
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/navigator$/);
	await context.close();

	// A new sign-in owes a code; a recovery code works once.
	const second = await signIn(staff.username, staff.passphrase);
	expect((await get('/navigator', second)).headers.get('location')).toMatch(/^\/2fa\?/);
	const verifyContext = await browser.newContext();
	await verifyContext.addCookies([{ name, value: second.split('=')[1], url: origin }]);
	const verifyPage = await verifyContext.newPage();
	await verifyPage.goto('/2fa');
	await expect(verifyPage.getByRole('heading', { level: 1 })).toHaveText('Enter your sign-in code');
	await expectAccessible(verifyPage);
	await expectReflow(verifyPage);
	await verifyContext.close();
	const recovered = await post('/2fa?/recover', { code: recoveryCodes[0] }, { cookie: second });
	expect(recovered.status).toBe(303);
	expect((await get('/navigator', second)).status).toBe(200);

	const third = await signIn(staff.username, staff.passphrase);
	expect((await post('/2fa?/recover', { code: recoveryCodes[0] }, { cookie: third })).status).toBe(
		400
	);
	for (let i = 0; i < 4; i++)
		expect((await post('/2fa?/verify', { code: '123456' }, { cookie: third })).status).toBe(400);
	const blocked = await post('/2fa?/verify', { code: totp(key) }, { cookie: third });
	expect(blocked.status).toBe(429);
	expect(await blocked.text()).toMatch(/Too many tries/);
	expect((await get('/navigator', third)).status).toBe(303);
});
