import { describe, expect, it } from 'vitest';
import { createTestDb } from '$fixtures/test-db';
import * as table from '../db/schema';
import { signIn, wrongCredentials } from './login';
import { hashPassword } from './password';
import { defaultThrottlePolicy, describeWait, LoginThrottle } from './throttle';

describe('sign-in throttling', () => {
	it('lets five failures through, then backs off exponentially per account', () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('sign-in');
		const t0 = 1_000_000;
		for (let i = 0; i < 5; i++) expect(throttle.attempt(db, 'kim', '10.0.0.1', t0)).toBe(0);
		expect(throttle.attempt(db, 'KIM', '10.0.0.9', t0)).toBe(30_000);
		expect(throttle.attempt(db, 'kim', '10.0.0.1', t0 + 30_000)).toBe(0);
		expect(throttle.attempt(db, 'kim', '10.0.0.1', t0 + 30_000)).toBe(60_000);
		throttle.recordSuccess(db, 'kim', '10.0.0.1');
		expect(throttle.attempt(db, 'kim', '10.0.0.1', t0 + 30_000)).toBe(0);
	});

	it('counts attempts sent together before any is judged', () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('second-factor');
		const waits = Array.from({ length: 8 }, () => throttle.attempt(db, 'u1', '10.0.0.1', 0));
		expect(waits).toEqual([0, 0, 0, 0, 0, 30_000, 30_000, 30_000]);
	});

	it('gives a right attempt back to the address, and starts the account again', () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('sign-in', {
			...defaultThrottlePolicy,
			addressFailuresPerWindow: 3
		});
		for (let i = 0; i < 3; i++) {
			expect(throttle.attempt(db, 'kim', '192.0.2.1', 0)).toBe(0);
			throttle.recordSuccess(db, 'kim', '192.0.2.1');
		}
		expect(throttle.attempt(db, 'ali', '192.0.2.1', 0)).toBe(0);
		expect(db.select().from(table.throttleAccount).all()).toEqual([
			expect.objectContaining({ key: 'ali', failures: 1 })
		]);
	});

	it('caps failures per client address across many usernames', () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('sign-in', {
			...defaultThrottlePolicy,
			freeAccountFailures: 100,
			addressFailuresPerWindow: 3,
			addressWindowMs: 60_000
		});
		for (const name of ['a', 'b', 'c']) throttle.attempt(db, name, '192.0.2.1', 0);
		expect(throttle.attempt(db, 'd', '192.0.2.1', 10_000)).toBe(50_000);
		expect(throttle.attempt(db, 'd', '192.0.2.2', 10_000)).toBe(0);
		expect(throttle.attempt(db, 'd', '192.0.2.1', 60_000)).toBe(0);
		expect(throttle.attempt(db, 'e', '192.0.2.1', 60_000)).toBe(0);
	});

	it('counts sign-in and second-factor failures apart, in the database every process shares', () => {
		const db = createTestDb();
		const signInHere = new LoginThrottle('sign-in');
		const signInInAnotherProcess = new LoginThrottle('sign-in');
		const secondFactor = new LoginThrottle('second-factor');
		for (let i = 0; i < 5; i++) signInHere.attempt(db, 'kim', '10.0.0.1', 0);
		expect(signInInAnotherProcess.attempt(db, 'kim', '10.0.0.2', 0)).toBe(30_000);
		expect(secondFactor.attempt(db, 'kim', '10.0.0.1', 0)).toBe(0);
	});

	it("forgets an account's failures a day after the last one", () => {
		const db = createTestDb();
		const throttle = new LoginThrottle('sign-in');
		const day = defaultThrottlePolicy.forgetAccountAfterMs;
		for (let i = 0; i < 4; i++) throttle.attempt(db, 'kim', '10.0.0.1', 0);
		expect(throttle.attempt(db, 'kim', '10.0.0.1', day)).toBe(0);
		expect(db.select().from(table.throttleAccount).all()).toEqual([
			expect.objectContaining({ key: 'kim', failures: 1 })
		]);
	});

	it('finds stale counts to forget through an index, not by reading every row', () => {
		const db = createTestDb();
		const plans = [
			'delete from throttle_account where scope = ? and last_failure_at <= ?',
			'delete from throttle_address where scope = ? and window_start <= ?'
		].map((statement) =>
			(
				db.$client.prepare(`explain query plan ${statement}`).all('sign-in', 0) as {
					detail: string;
				}[]
			)
				.map((row) => row.detail)
				.join()
		);
		expect(plans[0]).toMatch(
			/USING INDEX throttle_account_last_failure_idx \(scope=\? AND last_failure_at<\?\)/
		);
		expect(plans[1]).toMatch(
			/USING INDEX throttle_address_window_idx \(scope=\? AND window_start<\?\)/
		);
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
		expect(db.select().from(table.signIn).all()).toHaveLength(0);
	});

	it('lets the right passphrase through when made-up guesses filled the address’s limit', async () => {
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
		const throttle = new LoginThrottle('sign-in', {
			...defaultThrottlePolicy,
			addressFailuresPerWindow: 3,
			addressHardFailuresPerWindow: 6
		});
		const office = { address: '192.0.2.7' };
		for (const username of ['made', 'up', 'names'])
			await signIn(db, throttle, { ...office, username, password: 'x' });
		expect(await signIn(db, throttle, { ...office, username: 'kim', password: 'x' })).toMatchObject(
			{
				ok: false,
				status: 429
			}
		);
		expect(
			await signIn(db, throttle, { ...office, username: 'kim', password: 'correct horse battery' })
		).toMatchObject({ ok: true });
		for (const username of ['more', 'made', 'up'])
			await signIn(db, throttle, { ...office, username, password: 'x' });
		expect(
			await signIn(db, throttle, { ...office, username: 'kim', password: 'correct horse battery' })
		).toMatchObject({ ok: false, status: 429 });
	});
});
