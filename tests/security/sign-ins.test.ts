import { expect, test } from '@playwright/test';
import { cookieFrom, freshAccount, get, post, signIn, signInCookie, userId } from './support';

/** A page needing sign-in: 200 while the cookie works, a redirect to /login once it does not. */
async function works(cookie: string) {
	const response = await get('/account', cookie);
	if (response.status === 200) return true;
	expect(response.headers.get('location')).toMatch(/^\/login/);
	return false;
}

test.describe('sign-ins', () => {
	test('a cookie set before sign-in is not adopted', async () => {
		const planted = `${signInCookie}=attackerchosenid.attackerchosensecret`;
		const response = await post(
			'/login',
			{ username: 'participant5', password: 'checkpoint-demo' },
			{ cookie: planted }
		);
		expect(response.status).toBe(303);
		const issued = cookieFrom(response);
		expect(issued).toBeTruthy();
		expect(issued).not.toBe(planted);
		expect(await works(planted)).toBe(false);
		expect(await works(issued!)).toBe(true);
	});

	test('a cookie replayed after sign-out does not work', async () => {
		const cookie = await signIn('participant5');
		expect(await works(cookie)).toBe(true);
		const out = await post('/logout', {}, { cookie });
		expect(out.status).toBe(303);
		expect(out.headers.get('clear-site-data')).toContain('"storage"');
		expect(await works(cookie)).toBe(false);
	});

	test('a cookie replayed after deactivation does not work, on any device', async () => {
		const coordinator = await signIn('coordinator');
		const account = await freshAccount('participant', coordinator);
		const second = await signIn(account.username, account.passphrase);
		expect(await works(account.cookie)).toBe(true);
		const response = await post(
			'/coordinator/users?/setActive',
			{ userId: account.id, active: 'false' },
			{ cookie: coordinator }
		);
		expect(response.status).toBe(200);
		expect(await works(account.cookie)).toBe(false);
		expect(await works(second)).toBe(false);
		const again = await post('/login', {
			username: account.username,
			password: account.passphrase
		});
		expect(again.status).toBe(400);
	});

	test('changing the passphrase ends the other sign-ins but keeps this one', async () => {
		const coordinator = await signIn('coordinator');
		const account = await freshAccount('participant', coordinator);
		const other = await signIn(account.username, account.passphrase);
		const response = await post(
			'/account?/passphrase',
			{
				current: account.passphrase,
				passphrase: 'amber kettle meadow',
				confirmation: 'amber kettle meadow'
			},
			{ cookie: account.cookie }
		);
		expect(response.status).toBe(200);
		expect(await works(account.cookie)).toBe(true);
		expect(await works(other)).toBe(false);
		expect(
			(await post('/login', { username: account.username, password: account.passphrase })).status
		).toBe(400);
	});

	test('reassignment takes effect on the next request', async () => {
		const coordinator = await signIn('coordinator');
		const account = await freshAccount('participant', coordinator);
		const navigator1 = await signIn('navigator1');
		const navigator2 = await signIn('navigator2');
		const page = `/navigator/participants/${account.id}`;
		expect((await get(page, navigator1)).status).toBe(200);
		expect((await get(page, navigator2)).status).toBe(404);
		const moved = await post(
			'/coordinator/users?/reassign',
			{ participantId: account.id, navigatorId: userId('navigator2') },
			{ cookie: coordinator }
		);
		expect(moved.status).toBe(200);
		expect((await get(page, navigator1)).status).toBe(404);
		expect((await get(page, navigator2)).status).toBe(200);
	});
});
