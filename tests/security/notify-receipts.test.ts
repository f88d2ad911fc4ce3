import { expect, test } from '@playwright/test';
import { standInEnvironment } from '../notify/stand-in';

const token = standInEnvironment.NOTIFY_CALLBACK_TOKEN;
const receipt = { id: 'abc', reference: 'delivery-1', to: '07700900123', status: 'delivered' };

test("Notify's receipts, with no Origin, are taken with the callback token only", async ({
	request
}) => {
	const post = (headers: Record<string, string>) =>
		request.post('/notify/receipts', { data: receipt, headers });
	expect((await post({})).status()).toBe(403);
	expect((await post({ authorization: `Bearer ${token}x` })).status()).toBe(403);
	expect((await post({ authorization: 'Bearer ' })).status()).toBe(403);
	// From a page of this site the hook lets it by, and the endpoint still wants the token.
	const sameSite = { origin: new URL(test.info().project.use.baseURL!).origin };
	expect((await post({ ...sameSite, authorization: 'Bearer wrong' })).status()).toBe(401);
	expect((await post({ authorization: `Bearer ${token}` })).status()).toBe(204);
});

test('the exemption covers that path only', async ({ request }) => {
	const response = await request.post('/account/reminders', {
		data: {},
		headers: { authorization: `Bearer ${token}` }
	});
	expect(response.status()).toBe(403);
});
