import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('the coordinator is told when staff authenticator keys are not encrypted', async ({
	page
}) => {
	// The test server, like the demo, runs without TOTP_ENCRYPTION_KEY.
	await signIn(page, 'coordinator');
	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	const keys = page.getByRole('region', { name: 'Staff authenticator keys' });
	await expect(keys).toContainText('Not encrypted');
	await expect(keys).toContainText('TOTP_ENCRYPTION_KEY');
	await expect(page.getByRole('region', { name: 'How long records are kept' })).toContainText(
		'12 months after their programme ends'
	);
});
