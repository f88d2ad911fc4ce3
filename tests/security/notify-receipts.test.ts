import { expect, test, type APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { standInEnvironment, standInPortFor, type ReceivedMessage } from '../notify/stand-in';
import { signIn } from '../e2e/helpers';

const token = standInEnvironment.NOTIFY_CALLBACK_TOKEN;
const standIn = `http://127.0.0.1:${standInPortFor(Number(process.env.TEST_PORT ?? 4173))}`;
const databasePath = process.env.E2E_DATABASE_PATH || './data/e2e.db';

async function codeSentTo(request: APIRequestContext, to: string) {
	const received: ReceivedMessage[] = await (
		await request.get(`${standIn}/_stand-in/messages`)
	).json();
	return received.filter((m) => m.to === to && m.personalisation.code).at(-1)?.personalisation.code;
}

/** A text the server sent and Notify accepted, as the scheduler leaves it. */
function sentText(username: string, address: string) {
	const db = new Database(databasePath);
	const { id: userId } = db.prepare('select id from user where username = ?').get(username) as {
		id: string;
	};
	const now = Date.now();
	const notification = db
		.prepare(
			`insert into notification (key, user_id, kind, title, body, url, due_at, status, sent_at, created_at)
			 values (?, ?, 'new_message', 'New message', 'You have a new message.', '/support', ?, 'sent', ?, ?)`
		)
		.run(`receipt-test:${now}`, userId, now, now, now).lastInsertRowid;
	const delivery = db
		.prepare(
			`insert into notification_delivery (notification_id, user_id, channel, address, status, attempts, next_attempt_at, notify_id, updated_at)
			 values (?, ?, 'sms', ?, 'sent', 1, ?, 'notify-id-1', ?)`
		)
		.run(notification, userId, address, now, now).lastInsertRowid;
	db.close();
	return Number(delivery);
}

function deliveryStatus(id: number) {
	const db = new Database(databasePath, { readonly: true });
	const row = db.prepare('select status from notification_delivery where id = ?').get(id) as {
		status: string;
	};
	db.close();
	return row.status;
}

test("Notify's receipts are taken with the callback token only, and a permanent failure is shown", async ({
	page,
	request
}) => {
	await signIn(page, 'participant6');
	await page.goto('/account/text-and-email');
	const texts = page.getByRole('region', { name: 'Text messages' });
	await texts.getByLabel('Your mobile number').fill('07700900666');
	await texts.getByRole('button', { name: 'Send me a code' }).click();
	await expect(texts.getByLabel('The code')).toBeVisible();
	await texts.getByLabel('The code').fill((await codeSentTo(request, '07700900666'))!);
	await texts.getByRole('button', { name: 'Confirm' }).click();
	await expect(texts).toContainText('Texts are on.');

	const id = sentText('participant6', '07700900666');
	const receipt = {
		id: 'notify-id-1',
		reference: `delivery-${id}`,
		to: '07700900666',
		status: 'permanent-failure'
	};
	const post = (headers: Record<string, string>) =>
		request.post('/notify/receipts', { data: receipt, headers });
	expect((await post({})).status()).toBe(403);
	expect((await post({ authorization: `Bearer ${token}x` })).status()).toBe(403);
	expect((await post({ authorization: 'Bearer ' })).status()).toBe(403);
	// From a page of this site the hook lets it by, and the endpoint still wants the token.
	const sameSite = { origin: new URL(test.info().project.use.baseURL!).origin };
	expect((await post({ ...sameSite, authorization: 'Bearer wrong' })).status()).toBe(401);
	expect(deliveryStatus(id)).toBe('sent');

	expect((await post({ authorization: `Bearer ${token}` })).status()).toBe(204);
	expect(deliveryStatus(id)).toBe('failed');

	await page.reload();
	await expect(page.getByRole('region', { name: 'Text messages' })).toContainText(
		'Texts have stopped. The phone number does not work.'
	);
	await page.goto('/account');
	await expect(page.getByRole('region', { name: 'Texts and emails' })).toContainText(
		'Texts have stopped'
	);

	await page.context().clearCookies();
	await signIn(page, 'navigator2');
	await page.goto('/navigator/caseload');
	await page.getByRole('link', { name: 'Lee Morgan' }).first().click();
	await expect(page.getByRole('region', { name: 'Reminders' })).toContainText(
		'07700 900666: Stopped: the phone number does not work. Last message not delivered'
	);
});

test('the exemption covers that path only', async ({ request }) => {
	const response = await request.post('/account/reminders', {
		data: {},
		headers: { authorization: `Bearer ${token}` }
	});
	expect(response.status()).toBe(403);
});
