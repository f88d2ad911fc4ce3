import { describe, expect, it } from 'vitest';
import { createTestDb } from '../test-db';
import * as table from '../db/schema';
import { signIn, wrongCredentials } from './login';
import { hashPassword } from './password';
import { defaultThrottlePolicy, describeWait, LoginThrottle } from './throttle';

describe('sign-in throttling', () => {
	it('lets five failures through, then backs off exponentially per account', () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('sign-in');
		const t0 = 1_000_000;
		for (let i = 0; i < 4; i++) throttle.recordFailure(db, 'kim', '10.0.0.1', t0);
		expect(throttle.waitFor(db, 'kim', '10.0.0.1', t0)).toBe(0);
		throttle.recordFailure(db, 'kim', '10.0.0.1', t0);
		expect(throttle.waitFor(db, 'KIM', '10.0.0.9', t0)).toBe(30_000);
		throttle.recordFailure(db, 'kim', '10.0.0.1', t0 + 30_000);
		expect(throttle.waitFor(db, 'kim', '10.0.0.1', t0 + 30_000)).toBe(60_000);
		throttle.recordSuccess(db, 'kim');
		expect(throttle.waitFor(db, 'kim', '10.0.0.1', t0 + 30_000)).toBe(0);
	});

	it('caps failures per client address across many usernames', () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('sign-in', {
			...defaultThrottlePolicy,
			freeAccountFailures: 100,
			addressFailuresPerWindow: 3,
			addressWindowMs: 60_000
		});
		for (const name of ['a', 'b', 'c']) throttle.recordFailure(db, name, '192.0.2.1', 0);
		expect(throttle.waitFor(db, 'd', '192.0.2.1', 10_000)).toBe(50_000);
		expect(throttle.waitFor(db, 'd', '192.0.2.2', 10_000)).toBe(0);
		expect(throttle.waitFor(db, 'd', '192.0.2.1', 60_000)).toBe(0);
		throttle.recordFailure(db, 'd', '192.0.2.1', 60_000);
		expect(throttle.waitFor(db, 'e', '192.0.2.1', 60_000)).toBe(0);
	});

	it('counts sign-in and second-factor failures apart, in the database every process shares', () => {
		const db = createTestDb();
		const signInHere = new LoginThrottle('sign-in');
		const signInInAnotherProcess = new LoginThrottle('sign-in');
		const secondFactor = new LoginThrottle('second-factor');
		for (let i = 0; i < 5; i++) signInHere.recordFailure(db, 'kim', '10.0.0.1', 0);
		expect(signInInAnotherProcess.waitFor(db, 'kim', '10.0.0.2', 0)).toBe(30_000);
		expect(secondFactor.waitFor(db, 'kim', '10.0.0.1', 0)).toBe(0);
	});

	it("forgets an account's failures a day after the last one", () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('sign-in');
		const day = defaultThrottlePolicy.forgetAccountAfterMs;
		for (let i = 0; i < 4; i++) throttle.recordFailure(db, 'kim', '10.0.0.1', 0);
		throttle.recordFailure(db, 'kim', '10.0.0.1', day);
		expect(throttle.waitFor(db, 'kim', '10.0.0.1', day)).toBe(0);
		expect(db.select().from(table.throttleAccount).all()).toEqual([
			expect.objectContaining({ key: 'kim', failures: 1 })
		]);
	});

	it('says the wait in words', () => {
		expect(describeWait(1)).toBe('1 second');
		expect(describeWait(30_000)).toBe('30 seconds');
		expect(describeWait(61_000)).toBe('2 minutes');
		expect(describeWait(60_000)).toBe('1 minute');
	});

	it('refuses a throttled sign-in before looking at the passphrase, and answers unknown users like wrong passwords', async () => {
		const db = createTestDb();
		db.insert(table.user)
			.values({
				id: 'u1',
				username: 'kim',
				displayName: 'Kim',
				role: 'participant',
				passwordHash: await hashPassword('correct horse battery')
			})
			.run();
		const throttle = new LoginThrottle('sign-in');
		const unknown = await signIn(db, throttle, { username: 'nobody', password: 'x', address: 'a' });
		const wrong = await signIn(db, throttle, { username: 'kim', password: 'x', address: 'a' });
		expect(unknown).toEqual({ ok: false, status: 400, message: wrongCredentials });
		expect(wrong).toEqual(unknown);

		for (let i = 0; i < 5; i++) {
			await signIn(db, throttle, { username: 'kim', password: 'x', address: 'a' });
		}
		const blocked = await signIn(db, throttle, {
			username: 'kim',
			password: 'correct horse battery',
			address: 'a'
		});
		expect(blocked).toMatchObject({ ok: false, status: 429 });
		expect(db.select().from(table.session).all()).toHaveLength(0);
	});
});
