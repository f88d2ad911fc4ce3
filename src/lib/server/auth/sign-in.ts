import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { bound, preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import type { Role } from '../db/schema';
import { pendingTwoFactor, type PendingTwoFactor } from './two-factor';

const minute = 60 * 1000;
const day = 24 * 60 * minute;

/** Participants stay signed in on their own phone; staff sign-ins are short. */
export const signInPolicy = {
	participantLifetime: 30 * day,
	staffAbsolute: 12 * 60 * minute,
	staffIdle: 30 * minute,
	lastSeenResolution: minute
} as const;

export type SignInUser = {
	id: string;
	username: string;
	displayName: string;
	role: Role;
};

export type ValidSignIn = {
	id: string;
	userId: string;
	createdAt: Date;
	lastSeenAt: Date;
	expiresAt: Date;
	twoFactorVerified: boolean;
};

function randomSecret(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(24));
	return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

function expiryFor(role: Role, createdAt: Date, lastSeenAt: Date): Date {
	if (role === 'participant') {
		return new Date(lastSeenAt.getTime() + signInPolicy.participantLifetime);
	}
	return new Date(
		Math.min(
			createdAt.getTime() + signInPolicy.staffAbsolute,
			lastSeenAt.getTime() + signInPolicy.staffIdle
		)
	);
}

/** Creates a sign-in and returns the token for the cookie: `<id>.<secret>`. */
export function createSignIn(db: Db, userId: string, role: Role, now = new Date()) {
	const id = randomSecret();
	const secret = randomSecret();
	const expiresAt = expiryFor(role, now, now);
	db.insert(table.signIn)
		.values({
			id,
			secretHash: encodeHexLowerCase(hashSecret(secret)),
			userId,
			createdAt: now,
			lastSeenAt: now,
			expiresAt
		})
		.run();
	return { token: `${id}.${secret}`, id, expiresAt };
}

const signInWithUser = preparedQuery((db) =>
	db
		.select({
			signIn: table.signIn,
			user: {
				id: table.user.id,
				username: table.user.username,
				displayName: table.user.displayName,
				role: table.user.role,
				active: table.user.active,
				twoFactorExempt: table.user.twoFactorExempt,
				totpRegistered: sql<boolean>`${table.user.totpKey} is not null`.mapWith(Boolean)
			}
		})
		.from(table.signIn)
		.innerJoin(table.user, eq(table.signIn.userId, table.user.id))
		.where(eq(table.signIn.id, bound('id')))
		.prepare()
);

export function validateSignInToken(
	db: Db,
	token: string,
	now = new Date()
): {
	signIn: ValidSignIn;
	user: SignInUser;
	renewed: boolean;
	pendingTwoFactor: PendingTwoFactor;
} | null {
	const [id, secret, ...rest] = token.split('.');
	if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null;

	const row = signInWithUser(db).get({ id });
	if (!row) return null;

	const stored = new TextEncoder().encode(row.signIn.secretHash);
	const given = new TextEncoder().encode(encodeHexLowerCase(hashSecret(secret)));
	if (!constantTimeEqual(stored, given)) return null;

	const { signIn, user } = row;
	if (!user.active || now.getTime() >= signIn.expiresAt.getTime()) {
		endSignIn(db, signIn.id);
		return null;
	}

	const renewed = now.getTime() - signIn.lastSeenAt.getTime() >= signInPolicy.lastSeenResolution;
	if (renewed) {
		signIn.lastSeenAt = now;
		signIn.expiresAt = expiryFor(user.role, signIn.createdAt, now);
		db.update(table.signIn)
			.set({ lastSeenAt: signIn.lastSeenAt, expiresAt: signIn.expiresAt })
			.where(eq(table.signIn.id, signIn.id))
			.run();
	}

	const { secretHash: _secretHash, ...validSignIn } = signIn;
	const { active: _active, twoFactorExempt, totpRegistered, ...signInUser } = user;
	const pending = pendingTwoFactor({
		role: user.role,
		twoFactorExempt,
		totpRegistered,
		twoFactorVerified: signIn.twoFactorVerified
	});
	return { signIn: validSignIn, user: signInUser, renewed, pendingTwoFactor: pending };
}

export function endSignIn(db: Db, signInId: string) {
	db.delete(table.signIn).where(eq(table.signIn.id, signInId)).run();
}

/** Removes sign-ins past their expiry; validation already refuses them, this frees the rows. */
export function deleteExpiredSignIns(db: Db, now = new Date()): number {
	return db.delete(table.signIn).where(lte(table.signIn.expiresAt, now)).run().changes;
}

/** Ends every sign-in of a user, optionally keeping the one making the request. */
export function endEverySignIn(db: Db, userId: string, keepSignInId?: string) {
	db.delete(table.signIn)
		.where(
			keepSignInId
				? and(eq(table.signIn.userId, userId), ne(table.signIn.id, keepSignInId))
				: eq(table.signIn.userId, userId)
		)
		.run();
}
