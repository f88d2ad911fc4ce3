import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import type { Role } from '../db/schema';
import { pendingTwoFactor, type PendingTwoFactor } from './two-factor';

const minute = 60 * 1000;
const day = 24 * 60 * minute;

/** Participants stay signed in on their own phone; staff sessions are short. */
export const sessionPolicy = {
	participantLifetime: 30 * day,
	staffAbsolute: 12 * 60 * minute,
	staffIdle: 30 * minute,
	lastSeenResolution: minute
} as const;

export type SessionUser = {
	id: string;
	username: string;
	displayName: string;
	role: Role;
};

export type ValidSession = {
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
		return new Date(lastSeenAt.getTime() + sessionPolicy.participantLifetime);
	}
	return new Date(
		Math.min(
			createdAt.getTime() + sessionPolicy.staffAbsolute,
			lastSeenAt.getTime() + sessionPolicy.staffIdle
		)
	);
}

/** Creates a session and returns the token for the cookie: `<id>.<secret>`. */
export function createSession(db: Db, userId: string, role: Role, now = new Date()) {
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

const sessionWithUser = preparedQuery((db) =>
	db
		.select({
			session: table.signIn,
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
		.where(eq(table.signIn.id, sql.placeholder('id')))
		.prepare()
);

export function validateSessionToken(
	db: Db,
	token: string,
	now = new Date()
): {
	session: ValidSession;
	user: SessionUser;
	renewed: boolean;
	pendingTwoFactor: PendingTwoFactor;
} | null {
	const [id, secret, ...rest] = token.split('.');
	if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null;

	const row = sessionWithUser(db).get({ id });
	if (!row) return null;

	const stored = new TextEncoder().encode(row.session.secretHash);
	const given = new TextEncoder().encode(encodeHexLowerCase(hashSecret(secret)));
	if (!constantTimeEqual(stored, given)) return null;

	const { session, user } = row;
	if (!user.active || now.getTime() >= session.expiresAt.getTime()) {
		invalidateSession(db, session.id);
		return null;
	}

	const renewed = now.getTime() - session.lastSeenAt.getTime() >= sessionPolicy.lastSeenResolution;
	if (renewed) {
		session.lastSeenAt = now;
		session.expiresAt = expiryFor(user.role, session.createdAt, now);
		db.update(table.signIn)
			.set({ lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt })
			.where(eq(table.signIn.id, session.id))
			.run();
	}

	const { secretHash: _secretHash, ...validSession } = session;
	const { active: _active, twoFactorExempt, totpRegistered, ...sessionUser } = user;
	const pending = pendingTwoFactor({
		role: user.role,
		twoFactorExempt,
		totpRegistered,
		twoFactorVerified: session.twoFactorVerified
	});
	return { session: validSession, user: sessionUser, renewed, pendingTwoFactor: pending };
}

export function invalidateSession(db: Db, sessionId: string) {
	db.delete(table.signIn).where(eq(table.signIn.id, sessionId)).run();
}

/** Removes sessions past their expiry; validation already refuses them, this frees the rows. */
export function deleteExpiredSessions(db: Db, now = new Date()): number {
	return db.delete(table.signIn).where(lte(table.signIn.expiresAt, now)).run().changes;
}

/** Ends every session of a user, optionally keeping the one making the request. */
export function invalidateUserSessions(db: Db, userId: string, exceptSessionId?: string) {
	db.delete(table.signIn)
		.where(
			exceptSessionId
				? and(eq(table.signIn.userId, userId), ne(table.signIn.id, exceptSessionId))
				: eq(table.signIn.userId, userId)
		)
		.run();
}
