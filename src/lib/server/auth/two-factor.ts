import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
	decodeBase64,
	encodeBase32UpperCaseNoPadding,
	encodeBase64,
	encodeHexLowerCase
} from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import type { Role } from '../db/schema';
import { fieldError } from '../input';
import { isSealed, openSecret, sealSecret, type SecretKey } from '../secrets/at-rest';
import { LoginThrottle } from './throttle';

export const totpPeriodSeconds = 30;
export const totpDigits = 6;
export const recoveryCodeCount = 8;

/** Guesses at a code: 5 free, then waits that double up to 15 minutes, per account. */
export const twoFactorThrottle = new LoginThrottle('second-factor');

export type TwoFactorState = {
	role: Role;
	twoFactorExempt: boolean;
	totpRegistered: boolean;
	twoFactorVerified: boolean;
};

export type PendingTwoFactor = null | 'setup' | 'verify';

/** What a signed-in user still owes: nothing, setting up an authenticator, or a code. */
export function pendingTwoFactor(state: TwoFactorState): PendingTwoFactor {
	if (state.role === 'participant' || state.twoFactorExempt || state.twoFactorVerified) return null;
	return state.totpRegistered ? 'verify' : 'setup';
}

export function newTotpKey(): string {
	return encodeBase64(crypto.getRandomValues(new Uint8Array(20)));
}

/** The key as people type it into an app, and the otpauth:// address for the QR code. */
export function describeTotpKey(key: string, username: string) {
	const bytes = decodeBase64(key);
	return {
		text: (encodeBase32UpperCaseNoPadding(bytes).match(/.{1,4}/g) ?? []).join(' '),
		uri: createTOTPKeyURI('Checkpoint', username, bytes, totpPeriodSeconds, totpDigits)
	};
}

/** The time step a code belongs to (one step either side allowed for clock drift), or null. */
function matchingStep(key: string, code: string, now: Date): number | null {
	const given = code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(given)) return null;
	const bytes = decodeBase64(key);
	const current = Math.floor(now.getTime() / 1000 / totpPeriodSeconds);
	for (const step of [current, current - 1, current + 1]) {
		const expected = generateHOTP(bytes, BigInt(step), totpDigits);
		if (constantTimeEqual(new TextEncoder().encode(expected), new TextEncoder().encode(given)))
			return step;
	}
	return null;
}

function randomRecoveryCode(): string {
	const raw = encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
	return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12, 16)}`;
}

function hashRecoveryCode(code: string): string {
	const normal = code.toUpperCase().replace(/[^A-Z2-7]/g, '');
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normal)));
}

/** The sign-in has given its second factor. */
export function markVerified(db: Db, signInId: string) {
	db.update(table.signIn)
		.set({ twoFactorVerified: true })
		.where(eq(table.signIn.id, signInId))
		.run();
}

/**
 * Saves the authenticator key once the user proves their app has it, replaces any recovery codes
 * and returns the new ones to show once. The sign-in counts as verified from here on.
 */
export function completeTotpSetup(
	db: Db,
	input: {
		userId: string;
		signInId: string;
		key: string;
		code: string;
		secretKey: SecretKey | null;
	},
	now = new Date()
): string[] {
	let bytes: Uint8Array;
	try {
		bytes = decodeBase64(input.key);
	} catch {
		fieldError('code', 'The set-up key was lost. Reload the page and start again.');
	}
	if (bytes.length !== 20)
		fieldError('code', 'The set-up key was lost. Reload the page and start again.');
	const step = matchingStep(input.key, input.code, now);
	if (step === null)
		fieldError('code', 'That code does not match. Check the app shows Checkpoint and try again.');
	const codes = Array.from({ length: recoveryCodeCount }, randomRecoveryCode);
	db.transaction(
		(tx) => {
			const saved = tx
				.update(table.user)
				.set({ totpKey: sealSecret(input.key, input.secretKey), totpLastStep: step })
				.where(and(eq(table.user.id, input.userId), isNull(table.user.totpKey)))
				.run();
			// Set up from another tab or device meanwhile: keep that key and its recovery codes.
			if (saved.changes === 0)
				fieldError(
					'code',
					'Your authenticator app is already set up. Reload the page to carry on.'
				);
			tx.delete(table.recoveryCode).where(eq(table.recoveryCode.userId, input.userId)).run();
			tx.insert(table.recoveryCode)
				.values(codes.map((code) => ({ userId: input.userId, codeHash: hashRecoveryCode(code) })))
				.run();
			tx.update(table.signIn)
				.set({ twoFactorVerified: true })
				.where(eq(table.signIn.id, input.signInId))
				.run();
		},
		{ behavior: 'immediate' }
	);
	return codes;
}

/** Checks a code from the app; each time step is accepted once only. */
export function verifyTotp(
	db: Db,
	input: { userId: string; signInId: string; code: string; secretKey: SecretKey | null },
	now = new Date()
) {
	const found = db.select().from(table.user).where(eq(table.user.id, input.userId)).get();
	if (!found?.totpKey) fieldError('code', 'Set up your authenticator app first.');
	const step = matchingStep(openSecret(found.totpKey, input.secretKey), input.code, now);
	if (step === null)
		fieldError('code', 'That code does not match. Use the newest code in the app.');
	const accepted = db
		.update(table.user)
		.set({ totpLastStep: step })
		.where(
			and(
				eq(table.user.id, input.userId),
				// Conditional, so two requests cannot both spend the same code.
				or(isNull(table.user.totpLastStep), lt(table.user.totpLastStep, step))
			)
		)
		.run().changes;
	if (accepted === 0) fieldError('code', 'That code was used already. Wait for the next one.');
	markVerified(db, input.signInId);
}

/** Spends one recovery code; the sign-in counts as verified. Returns how many are left. */
export function useRecoveryCode(
	db: Db,
	input: { userId: string; signInId: string; code: string },
	now = new Date()
): number {
	const spent = db
		.update(table.recoveryCode)
		.set({ usedAt: now })
		.where(
			and(
				eq(table.recoveryCode.userId, input.userId),
				eq(table.recoveryCode.codeHash, hashRecoveryCode(input.code)),
				isNull(table.recoveryCode.usedAt)
			)
		)
		.run().changes;
	if (spent !== 1) fieldError('code', 'That recovery code does not work, or was used already.');
	markVerified(db, input.signInId);
	return db
		.select({ total: count() })
		.from(table.recoveryCode)
		.where(and(eq(table.recoveryCode.userId, input.userId), isNull(table.recoveryCode.usedAt)))
		.get()!.total;
}

/**
 * For a lost phone: the coordinator clears a member of staff's key, so their next sign-in sets one
 * up again. Returns whose it was.
 */
export function resetTwoFactor(db: Db, userId: string) {
	return db.transaction(
		(tx) => {
			const staff = tx
				.select({ id: table.user.id, displayName: table.user.displayName, role: table.user.role })
				.from(table.user)
				.where(eq(table.user.id, userId))
				.get();
			if (!staff || staff.role === 'participant')
				fieldError('userId', 'Only staff accounts have sign-in codes.');
			tx.update(table.user)
				.set({ totpKey: null, totpLastStep: null })
				.where(eq(table.user.id, userId))
				.run();
			tx.delete(table.recoveryCode).where(eq(table.recoveryCode.userId, userId)).run();
			tx.delete(table.signIn).where(eq(table.signIn.userId, userId)).run();
			return staff;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Seals every stored authenticator key under `to`, opening each with `from` (or reading it as
 * stored before a key was set). All or nothing: one key that does not open stops the whole change.
 */
export function resealTotpKeys(db: Db, from: SecretKey | null, to: SecretKey): number {
	return db.transaction(
		(tx) => {
			const rows = tx
				.select({ id: table.user.id, totpKey: table.user.totpKey })
				.from(table.user)
				.where(isNotNull(table.user.totpKey))
				.all();
			for (const row of rows) {
				tx.update(table.user)
					.set({ totpKey: sealSecret(openSecret(row.totpKey!, from), to) })
					.where(eq(table.user.id, row.id))
					.run();
			}
			return rows.length;
		},
		{ behavior: 'immediate' }
	);
}

/** How many authenticator keys are stored without a seal (set up while no key was configured). */
export function countUnsealedTotpKeys(db: Db): number {
	return db
		.select({ totpKey: table.user.totpKey })
		.from(table.user)
		.where(isNotNull(table.user.totpKey))
		.all()
		.filter((row) => !isSealed(row.totpKey!)).length;
}
