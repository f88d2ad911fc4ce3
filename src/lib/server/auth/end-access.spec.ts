import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enrolParticipant, setUserActive } from '../accounts';
import { createCalendarFeed, findFeedParticipant } from '../scheduling/calendar';
import * as table from '../db/schema';
import { saveSubscription } from '../notifications/push';
import { createTestDb, fieldErrorsOf } from '$fixtures/test-db';
import { issueActivationCode, redeemActivationCode } from './activation';
import { endAccountAccess } from './end-access';
import { changePassphrase } from './passphrase-change';
import { createSignIn, validateSignInToken } from './sign-in';
import { LoginThrottle } from './throttle';

const now = new Date('2026-03-10T12:00:00Z');
const keys = {
	p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
	auth: 'tBHItJI5svbpez7KI4CCXg'
};

async function setUp() {
	const db = createTestDb();
	db.insert(table.user)
		.values({ id: 'nav', username: 'nav', displayName: 'Nav', role: 'navigator' })
		.run();
	const { id: userId, code } = enrolParticipant(
		db,
		{
			username: 'robin',
			displayName: 'Robin',
			reference: 'CP-1',
			contractStart: '2026-03-09',
			navigatorId: 'nav',
			issuedBy: 'nav'
		},
		now
	);
	await redeemActivationCode(db, code, 'quiet river lantern', 'quiet river lantern', now);
	const lost = createSignIn(db, userId, 'participant', now);
	const current = createSignIn(db, userId, 'participant', now);
	const feed = createCalendarFeed(db, userId, now);
	saveSubscription(db, userId, { endpoint: 'https://push.example/lost', keys }, now);
	saveSubscription(db, userId, { endpoint: 'https://push.example/this', keys }, now);
	const endpoints = () =>
		db
			.select({ endpoint: table.pushSubscription.endpoint })
			.from(table.pushSubscription)
			.where(eq(table.pushSubscription.userId, userId))
			.all()
			.map((s) => s.endpoint);
	const signedIn = (token: string) => validateSignInToken(db, token, now) !== null;
	return { db, userId, lost, current, feed, endpoints, signedIn };
}

describe('ending what a lost phone holds', () => {
	it('activating again with a new code ends every sign-in, the calendar feed and all reminders', async () => {
		const { db, userId, lost, current, feed, endpoints, signedIn } = await setUp();
		const { code } = issueActivationCode(db, userId, 'nav', now);
		await redeemActivationCode(db, code, 'amber meadow falcon', 'amber meadow falcon', now);
		expect(signedIn(lost.token)).toBe(false);
		expect(signedIn(current.token)).toBe(false);
		expect(findFeedParticipant(db, feed)).toBeUndefined();
		expect(endpoints()).toEqual([]);
	});

	it('signing out everywhere keeps only this sign-in and, if asked, this device’s reminders', async () => {
		const { db, userId, lost, current, feed, endpoints, signedIn } = await setUp();
		const signIn = validateSignInToken(db, current.token, now)!.signIn;
		endAccountAccess(db, userId, {
			signInId: signIn.id,
			pushEndpoint: 'https://push.example/this'
		});
		expect(signedIn(lost.token)).toBe(false);
		expect(signedIn(current.token)).toBe(true);
		expect(findFeedParticipant(db, feed)).toBeUndefined();
		expect(endpoints()).toEqual(['https://push.example/this']);
	});

	it('deactivating ends the calendar feed and reminders too', async () => {
		const { db, userId, feed, endpoints } = await setUp();
		setUserActive(db, 'coordinator', userId, false);
		expect(findFeedParticipant(db, feed)).toBeUndefined();
		expect(endpoints()).toEqual([]);
	});
});

describe('the current passphrase check', () => {
	it('is throttled like signing in, and counts no right answer', async () => {
		const { db, userId, current } = await setUp();
		const signIn = validateSignInToken(db, current.token, now)!.signIn;
		const throttle = new LoginThrottle('passphrase-check', {
			freeAccountFailures: 3,
			accountBaseDelayMs: 60_000,
			accountMaxDelayMs: 60_000,
			forgetAccountAfterMs: 3_600_000,
			addressFailuresPerWindow: 100,
			addressHardFailuresPerWindow: 1000,
			addressWindowMs: 60_000
		});
		const attempt = (currentPassphrase: string) =>
			changePassphrase(db, throttle, {
				address: '203.0.113.9',
				userId,
				keepSignInId: signIn.id,
				current: currentPassphrase,
				passphrase: 'amber meadow falcon',
				confirmation: 'amber meadow falcon'
			}).then(
				() => 'changed',
				(e) =>
					fieldErrorsOf(() => {
						throw e;
					}).current
			);
		for (let i = 0; i < 3; i++) expect(await attempt(`guess ${i}`)).toContain('not your current');
		expect(await attempt('guess 4')).toContain('Too many tries');
		expect(await attempt('quiet river lantern')).toContain('Too many tries');
	});
});
