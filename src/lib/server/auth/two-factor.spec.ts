import { decodeBase64 } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { InputError } from '../input';
import { createTestDb } from '$fixtures/test-db';
import { createSignIn, validateSignInToken } from './sign-in';
import { parseSecretKey, SecretKeyError } from '../secrets/at-rest';
import {
	completeTotpSetup,
	countUnsealedTotpKeys,
	describeTotpKey,
	newTotpKey,
	resealTotpKeys,
	resetTwoFactor,
	useRecoveryCode,
	verifyTotp
} from './two-factor';

const t0 = new Date('2027-01-01T09:00:10Z');

function codeAt(key: string, at: Date) {
	return generateHOTP(decodeBase64(key), BigInt(Math.floor(at.getTime() / 30_000)), 6);
}

function inputError(fn: () => unknown) {
	try {
		fn();
	} catch (e) {
		if (e instanceof InputError) return e.fields;
		throw e;
	}
	return null;
}

describe('staff second factor', () => {
	let db: Db;
	let token: string;
	let signInId: string;
	beforeEach(() => {
		db = createTestDb();
		db.insert(table.user)
			.values({ id: 'n', username: 'nav', displayName: 'Nav', role: 'navigator' })
			.run();
		({ token, id: signInId } = createSignIn(db, 'n', 'navigator', t0));
	});

	it('is owed by staff, not by participants or exempt accounts', () => {
		expect(validateSignInToken(db, token, t0)?.pendingTwoFactor).toBe('setup');
		db.insert(table.user)
			.values({ id: 'p', username: 'p', displayName: 'P', role: 'participant' })
			.run();
		const p = createSignIn(db, 'p', 'participant', t0);
		expect(validateSignInToken(db, p.token, t0)?.pendingTwoFactor).toBeNull();
		db.insert(table.user)
			.values({
				id: 'x',
				username: 'x',
				displayName: 'X',
				role: 'coordinator',
				twoFactorExempt: true
			})
			.run();
		const x = createSignIn(db, 'x', 'coordinator', t0);
		expect(validateSignInToken(db, x.token, t0)?.pendingTwoFactor).toBeNull();
	});

	it('sets up with a code from the app, then asks new sign-ins for a code', () => {
		const key = newTotpKey();
		const shown = describeTotpKey(key, 'nav');
		expect(shown.uri).toMatch(/^otpauth:\/\/totp\/Checkpoint:nav\?/);
		expect(shown.text).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);

		expect(
			inputError(() =>
				completeTotpSetup(db, { userId: 'n', signInId, key, code: '000000', secretKey: null }, t0)
			)
		).toHaveProperty('code');
		const codes = completeTotpSetup(
			db,
			{ userId: 'n', signInId, key, code: codeAt(key, t0), secretKey: null },
			t0
		);
		expect(codes).toHaveLength(8);
		expect(new Set(codes).size).toBe(8);
		expect(validateSignInToken(db, token, t0)?.pendingTwoFactor).toBeNull();
		const stored = db.select().from(table.recoveryCode).all();
		expect(stored.some((r) => codes.includes(r.codeHash))).toBe(false);

		const second = createSignIn(db, 'n', 'navigator', t0);
		expect(validateSignInToken(db, second.token, t0)?.pendingTwoFactor).toBe('verify');
		// The code used for set-up cannot be used again; the next one can, once.
		expect(
			inputError(() =>
				verifyTotp(
					db,
					{ userId: 'n', signInId: second.id, code: codeAt(key, t0), secretKey: null },
					t0
				)
			)
		).toHaveProperty('code');
		const later = new Date(t0.getTime() + 30_000);
		verifyTotp(
			db,
			{ userId: 'n', signInId: second.id, code: codeAt(key, later), secretKey: null },
			later
		);
		expect(validateSignInToken(db, second.token, later)?.pendingTwoFactor).toBeNull();
		const third = createSignIn(db, 'n', 'navigator', later);
		expect(
			inputError(() =>
				verifyTotp(
					db,
					{ userId: 'n', signInId: third.id, code: codeAt(key, later), secretKey: null },
					later
				)
			)
		).toHaveProperty('code');
	});

	it('accepts each recovery code once', () => {
		const key = newTotpKey();
		const codes = completeTotpSetup(
			db,
			{ userId: 'n', signInId, key, code: codeAt(key, t0), secretKey: null },
			t0
		);
		const next = createSignIn(db, 'n', 'navigator', t0);
		expect(
			useRecoveryCode(db, { userId: 'n', signInId: next.id, code: codes[0].toLowerCase() }, t0)
		).toBe(7);
		expect(validateSignInToken(db, next.token, t0)?.pendingTwoFactor).toBeNull();
		const again = createSignIn(db, 'n', 'navigator', t0);
		expect(
			inputError(() => useRecoveryCode(db, { userId: 'n', signInId: again.id, code: codes[0] }, t0))
		).toHaveProperty('code');
		expect(validateSignInToken(db, again.token, t0)?.pendingTwoFactor).toBe('verify');
	});

	it('keeps the first key and its recovery codes when set-up is finished in two tabs', () => {
		const key = newTotpKey();
		const codes = completeTotpSetup(
			db,
			{ userId: 'n', signInId, key, code: codeAt(key, t0), secretKey: null },
			t0
		);
		const otherKey = newTotpKey();
		expect(
			inputError(() =>
				completeTotpSetup(
					db,
					{ userId: 'n', signInId, key: otherKey, code: codeAt(otherKey, t0), secretKey: null },
					t0
				)
			)
		).toEqual({ code: 'Your authenticator app is already set up. Reload the page to carry on.' });
		expect(db.select().from(table.user).get()?.totpKey).toBe(key);
		const next = createSignIn(db, 'n', 'navigator', t0);
		expect(useRecoveryCode(db, { userId: 'n', signInId: next.id, code: codes[0] }, t0)).toBe(7);
	});

	it('a reset clears the key and signs the user out everywhere', () => {
		const key = newTotpKey();
		completeTotpSetup(
			db,
			{ userId: 'n', signInId, key, code: codeAt(key, t0), secretKey: null },
			t0
		);
		resetTwoFactor(db, 'n');
		expect(validateSignInToken(db, token, t0)).toBeNull();
		const fresh = createSignIn(db, 'n', 'navigator', t0);
		expect(validateSignInToken(db, fresh.token, t0)?.pendingTwoFactor).toBe('setup');
		expect(db.select().from(table.recoveryCode).all()).toEqual([]);
	});
});

describe('authenticator keys at rest', () => {
	const firstKey = parseSecretKey(Buffer.alloc(32, 1).toString('base64'), 'TEST_KEY');
	const secondKey = parseSecretKey(Buffer.alloc(32, 2).toString('base64'), 'TEST_KEY');
	let db: Db;
	let signInId: string;
	beforeEach(() => {
		db = createTestDb();
		db.insert(table.user)
			.values({ id: 'n', username: 'nav', displayName: 'Nav', role: 'navigator' })
			.run();
		({ id: signInId } = createSignIn(db, 'n', 'navigator', t0));
	});
	const storedKey = () => db.select().from(table.user).get()!.totpKey!;
	const signInWithCode = (secretKey: typeof firstKey, at: Date, key: string) => {
		const next = createSignIn(db, 'n', 'navigator', at);
		verifyTotp(db, { userId: 'n', signInId: next.id, code: codeAt(key, at), secretKey }, at);
	};

	it('are stored sealed under the configured key, and still verify codes', () => {
		const key = newTotpKey();
		completeTotpSetup(
			db,
			{ userId: 'n', signInId, key, code: codeAt(key, t0), secretKey: firstKey },
			t0
		);
		expect(storedKey()).toMatch(/^aes256gcm:/);
		expect(storedKey()).not.toContain(key);
		expect(countUnsealedTotpKeys(db)).toBe(0);
		const later = new Date(t0.getTime() + 30_000);
		expect(() => signInWithCode(secondKey, later, key)).toThrow(SecretKeyError);
		expect(() => signInWithCode(null, later, key)).toThrow(SecretKeyError);
		signInWithCode(firstKey, later, key);
	});

	it('are sealed by rotation when set up before any key was configured, then moved to a new key', () => {
		const key = newTotpKey();
		completeTotpSetup(
			db,
			{ userId: 'n', signInId, key, code: codeAt(key, t0), secretKey: null },
			t0
		);
		expect(countUnsealedTotpKeys(db)).toBe(1);

		expect(resealTotpKeys(db, null, firstKey!)).toBe(1);
		expect(countUnsealedTotpKeys(db)).toBe(0);
		const sealedOnce = storedKey();
		signInWithCode(firstKey, new Date(t0.getTime() + 30_000), key);

		expect(resealTotpKeys(db, firstKey, secondKey!)).toBe(1);
		expect(storedKey()).not.toBe(sealedOnce);
		expect(() => signInWithCode(firstKey, new Date(t0.getTime() + 60_000), key)).toThrow(
			SecretKeyError
		);
		signInWithCode(secondKey, new Date(t0.getTime() + 90_000), key);
	});

	it('are left untouched when one of them does not open with the old key', () => {
		const key = newTotpKey();
		completeTotpSetup(
			db,
			{ userId: 'n', signInId, key, code: codeAt(key, t0), secretKey: firstKey },
			t0
		);
		const before = storedKey();
		expect(() => resealTotpKeys(db, secondKey, firstKey!)).toThrow(SecretKeyError);
		expect(storedKey()).toBe(before);
	});
});
