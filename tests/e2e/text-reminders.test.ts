import { expect, test, type APIRequestContext } from '@playwright/test';
import { standInPortFor, type ReceivedMessage } from '../notify/stand-in';
import { signIn } from './helpers';

const standIn = `http://127.0.0.1:${standInPortFor(Number(process.env.TEST_PORT ?? 4173))}`;

/** The newest code the Notify stand-in was asked to send to this number. */
async function codeSentTo(request: APIRequestContext, to: string) {
	const received: ReceivedMessage[] = await (
		await request.get(`${standIn}/_stand-in/messages`)
	).json();
	return received.filter((m) => m.to === to && m.personalisation.code).at(-1)?.personalisation.code;
}

test('a participant turns on text reminders by confirming their number with a code', async ({
	page,
	request
}) => {
	await signIn(page, 'participant2');
	await page.goto('/account');
	await page.getByRole('link', { name: 'Get reminders by text or email' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Texts and emails' })).toBeVisible();

	const texts = page.getByRole('region', { name: 'Text messages' });
	await texts.getByLabel('Your mobile number').fill('0191 123 4567');
	await texts.getByRole('button', { name: 'Send me a code' }).click();
	await expect(texts.getByText('Enter a UK mobile number')).toBeVisible();
	await expect(texts.getByLabel('Your mobile number')).toHaveValue('0191 123 4567');

	await texts.getByLabel('Your mobile number').fill('07700 900222');
	await texts.getByRole('button', { name: 'Send me a code' }).click();
	await expect(texts).toContainText('We sent a 6-digit code to 07700 900222.');
	const code = await codeSentTo(request, '07700900222');
	expect(code).toMatch(/^\d{6}$/);

	const wrong = code === '000000' ? '111111' : '000000';
	await texts.getByLabel('The code').fill(wrong);
	await texts.getByRole('button', { name: 'Confirm' }).click();
	await expect(texts.getByText('That code is not right')).toBeVisible();

	await texts.getByLabel('The code').fill(code!);
	await texts.getByRole('button', { name: 'Confirm' }).click();
	await expect(texts.getByText('Done. Texts are on.')).toBeVisible();
	await expect(texts).toContainText('Texts go to 07700 900222. Texts are on.');
	await page.screenshot({ path: 'test-results/text-reminders-participant.png', fullPage: true });

	await page.context().clearCookies();
	await signIn(page, 'navigator1');
	await page.goto('/navigator/caseload');
	await page.getByRole('link', { name: 'Sam Okafor' }).first().click();
	const reminders = page.getByRole('region', { name: 'Reminders' });
	await expect(reminders).toContainText('07700 900222: On.');
	await reminders.screenshot({ path: 'test-results/text-reminders-navigator.png' });
});

test('the same form works without JavaScript', async ({ browser, request }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Username').fill('participant3');
	await page.getByLabel('Passphrase').fill('checkpoint-demo');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.goto('/account/text-and-email');
	const texts = page.getByRole('region', { name: 'Text messages' });
	await texts.getByLabel('Your mobile number').fill('07700900333');
	await texts.getByRole('button', { name: 'Send me a code' }).click();
	await expect(texts.getByLabel('The code')).toBeVisible();
	const code = await codeSentTo(request, '07700900333');
	await page.getByRole('region', { name: 'Text messages' }).getByLabel('The code').fill(code!);
	await page
		.getByRole('region', { name: 'Text messages' })
		.getByRole('button', { name: 'Confirm' })
		.click();
	await expect(page.getByRole('region', { name: 'Text messages' })).toContainText('Texts are on.');
	await context.close();
});

test('a navigator enters the number with the participant, who confirms it by code', async ({
	page,
	request
}) => {
	await signIn(page, 'navigator1');
	await page.goto('/navigator/caseload');
	await page.getByRole('link', { name: 'Jordan Ellis' }).first().click();
	const reminders = page.getByRole('region', { name: 'Reminders' });
	await reminders.getByLabel('Their mobile number, for text reminders').fill('07700 900111');
	await reminders.getByRole('button', { name: 'Text them a code' }).click();
	await expect(reminders).toContainText('07700 900111: Waiting for them to enter the code.');
	const code = await codeSentTo(request, '07700900111');
	expect(code).toMatch(/^\d{6}$/);

	await page.context().clearCookies();
	await signIn(page, 'participant1');
	await page.goto('/account/text-and-email');
	const texts = page.getByRole('region', { name: 'Text messages' });
	await expect(texts).toContainText('We sent a 6-digit code to 07700 900111.');
	await texts.getByLabel('The code').fill(code!);
	await texts.getByRole('button', { name: 'Confirm' }).click();
	await expect(texts).toContainText('Texts go to 07700 900111. Texts are on.');
});
