import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError } from '../input';
import { endAccountAccess } from './end-access';
import { checkNewPassphrase, hashPassword } from './password';

export const activationCodeLifetimeMs = 7 * 24 * 60 * 60 * 1000;

// No 0/O, 1/I/L: the code is read aloud and typed on a phone.
const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomCode(): string {
	const chars: string[] = [];
	while (chars.length < 12) {
		for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
			// Rejection sampling keeps every character equally likely.
			if (byte < 248 && chars.length < 12) chars.push(alphabet[byte % alphabet.length]);
		}
	}
	return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** Accepts what people type: any case, spaces or dashes anywhere. */
export function normaliseCode(input: string): string {
	const compact = input.toUpperCase().replace(/[\s-]/g, '');
	return compact.match(/.{1,4}/g)?.join('-') ?? '';
}

export function hashCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseCode(code))));
}

/**
 * Issues a fresh code for an active account, withdrawing any unused one. Returns the code to show
 * once.
 */
export function issueActivationCode(db: Db, userId: string, issuedBy: string, now = new Date()) {
	const code = randomCode();
	db.transaction(
		(tx) => {
			const account = tx
				.select({ active: table.user.active })
				.from(table.user)
				.where(eq(table.user.id, userId))
				.get();
			if (!account?.active) fieldError('userId', 'That account is not active.');
			tx.delete(table.activationCode)
				.where(and(eq(table.activationCode.userId, userId), isNull(table.activationCode.usedAt)))
				.run();
			tx.insert(table.activationCode)
				.values({
					id: crypto.randomUUID(),
					userId,
					codeHash: hashCode(code),
					issuedBy,
					createdAt: now,
					expiresAt: new Date(now.getTime() + activationCodeLifetimeMs)
				})
				.run();
		},
		{ behavior: 'immediate' }
	);
	return { code, expiresAt: new Date(now.getTime() + activationCodeLifetimeMs) };
}

const wrongCode =
	'That code does not work. Check it with your navigator, or ask them for a new one.';

/** Who a code belongs to, if it can still be used. Throws an InputError on `code` otherwise. */
export function findUsableCode(db: Db, code: string, now = new Date()) {
	if (normaliseCode(code).length === 0)
		fieldError('code', 'Enter the code your navigator gave you.');
	const row = db
		.select({
			id: table.activationCode.id,
			userId: table.activationCode.userId,
			expiresAt: table.activationCode.expiresAt,
			usedAt: table.activationCode.usedAt,
			username: table.user.username,
			role: table.user.role,
			displayName: table.user.displayName,
			active: table.user.active
		})
		.from(table.activationCode)
		.innerJoin(table.user, eq(table.user.id, table.activationCode.userId))
		.where(eq(table.activationCode.codeHash, hashCode(code)))
		.get();
	if (!row || !row.active) fieldError('code', wrongCode);
	if (row.usedAt)
		fieldError('code', 'That code has already been used. Ask your navigator for a new one.');
	if (row.expiresAt.getTime() <= now.getTime())
		fieldError(
			'code',
			'That code has run out (codes last 7 days). Ask your navigator for a new one.'
		);
	return row;
}

/**
 * Sets the passphrase and uses up the code, atomically, ending every sign-in, calendar feed and
 * push subscription of the account: a code also replaces a lost phone and resets a forgotten
 * passphrase, and whatever held the old access must not keep it. Returns the user, and whether
 * this was a reset rather than a first activation.
 */
export async function redeemActivationCode(
	db: Db,
	code: string,
	passphrase: string,
	confirmation: string,
	now = new Date()
) {
	const found = findUsableCode(db, code, now);
	const problem = checkNewPassphrase(passphrase, found.username);
	if (problem) fieldError('passphrase', problem);
	if (passphrase !== confirmation)
		fieldError('confirmation', 'The two passphrases are not the same.');
	const passwordHash = await hashPassword(passphrase);

	const activated = db.transaction(
		(tx) => {
			const before = tx
				.select({ passwordHash: table.user.passwordHash })
				.from(table.user)
				.where(eq(table.user.id, found.userId))
				.get();
			const used = tx
				.update(table.activationCode)
				.set({ usedAt: now })
				.where(and(eq(table.activationCode.id, found.id), isNull(table.activationCode.usedAt)))
				.run();
			if (used.changes !== 1)
				fieldError('code', 'That code has already been used. Ask your navigator for a new one.');
			tx.update(table.user).set({ passwordHash }).where(eq(table.user.id, found.userId)).run();
			endAccountAccess(tx, found.userId);
			return {
				id: found.userId,
				username: found.username,
				role: found.role,
				reset: !!before?.passwordHash
			};
		},
		{ behavior: 'immediate' }
	);
	return activated;
}
