import { expect, test } from '@playwright/test';
import {
	codePattern,
	cookieFrom,
	freshAccount,
	get,
	lookup,
	origin,
	post,
	signIn
} from './support';

type Account = Awaited<ReturnType<typeof freshAccount>>;

/** What a phone sets up for itself: a calendar feed and reminders. Returns the feed's address. */
async function setUpPhone(account: Account, cookie: string) {
	const feed = await post('/sessions?/newFeed', {}, { cookie });
	const feedPath = (await feed.text()).match(/\/calendar\/[a-z0-9]+\.ics/)?.[0];
	if (!feedPath) throw new Error('No calendar feed');
	expect((await get(feedPath)).status).toBe(200);
	const subscribed = await fetch(`${origin}/account/reminders`, {
		method: 'POST',
		headers: { cookie, origin, 'content-type': 'application/json' },
		body: JSON.stringify({
			endpoint: `https://fcm.googleapis.com/fcm/send/${account.username}`,
			keys: {
				p256dh:
					'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
				auth: 'tBHItJI5svbpez7KI4CCXg'
			}
		})
	});
	expect(subscribed.status).toBe(200);
	return feedPath;
}

const subscriptionsOf = (account: Account) =>
	lookup<{ n: number }>(
		'select count(*) as n from push_subscription where user_id = ?',
		account.id
	)!.n;

test.describe('a lost phone', () => {
	test('loses its sign-in, calendar feed and reminders when the account is activated again', async () => {
		const account = await freshAccount('participant', await signIn('coordinator'));
		const lostPhone = account.cookie;
		const feedPath = await setUpPhone(account, lostPhone);

		const navigator = await signIn('navigator1');
		const issued = await post(
			`/navigator/participants/${account.id}?/newCode`,
			{},
			{ cookie: navigator }
		);
		const code = (await issued.text()).match(codePattern)?.[0];
		expect(code).toBeTruthy();
		const passphrase = 'amber meadow falcon';
		const activated = await post('/activate?/activate', {
			code: code!,
			passphrase,
			confirmation: passphrase
		});
		expect(cookieFrom(activated)).toBeTruthy();

		const stale = await get('/account', lostPhone);
		expect(stale.headers.get('location') ?? '').toMatch(/^\/login/);
		expect((await get(feedPath)).status).toBe(404);
		expect(subscriptionsOf(account)).toBe(0);
	});

	test('loses its sign-in, calendar feed and reminders on “sign out everywhere”', async () => {
		const account = await freshAccount('participant', await signIn('coordinator'));
		const lostPhone = account.cookie;
		const feedPath = await setUpPhone(account, lostPhone);
		const newPhone = await signIn(account.username, account.passphrase);

		const done = await post('/account?/signOutEverywhere', {}, { cookie: newPhone });
		expect(done.status).toBe(200);

		expect((await get('/account', lostPhone)).headers.get('location') ?? '').toMatch(/^\/login/);
		expect((await get('/account', newPhone)).status).toBe(200);
		expect((await get(feedPath)).status).toBe(404);
		expect(subscriptionsOf(account)).toBe(0);
	});

	test('cannot be used to guess the current passphrase quickly', async () => {
		const account = await freshAccount('participant', await signIn('coordinator'));
		const answers: string[] = [];
		for (let i = 0; i < 12; i++) {
			const response = await post(
				'/account?/passphrase',
				{
					current: `guess number ${i}`,
					passphrase: 'amber meadow falcon',
					confirmation: 'amber meadow falcon'
				},
				{ cookie: account.cookie }
			);
			answers.push(await response.text());
		}
		expect(answers.some((a) => a.includes('Too many tries'))).toBe(true);
	});
});
