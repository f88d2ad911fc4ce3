import { describe, expect, it } from 'vitest';
import { createTestDb } from '$fixtures/test-db';
import * as table from '../db/schema';
import {
	createSignIn,
	endEverySignIn,
	endSignIn,
	signInPolicy,
	validateSignInToken
} from './sign-in';

function setup(role: table.Role = 'participant') {
	const db = createTestDb();
	const id = crypto.randomUUID();
	db.insert(table.user)
		.values({ id, username: `u-${role}`, displayName: 'Test', role })
		.run();
	return { db, userId: id };
}

const minute = 60_000;
const day = 24 * 60 * minute;

describe('sign-ins', () => {
	it('stores only a hash of the secret, never the token', () => {
		const { db, userId } = setup();
		const { token } = createSignIn(db, userId, 'participant');
		const [id, secret] = token.split('.');
		const row = db.select().from(table.signIn).get()!;
		expect(row.id).toBe(id);
		expect(row.secretHash).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('rejects a token whose secret was altered', () => {
		const { db, userId } = setup();
		const { token } = createSignIn(db, userId, 'participant');
		const altered = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
		expect(validateSignInToken(db, altered)).toBeNull();
		expect(validateSignInToken(db, 'nonsense')).toBeNull();
		expect(validateSignInToken(db, token)?.user.id).toBe(userId);
	});

	it("slides a participant's sign-in for 30 days from the last visit", () => {
		const { db, userId } = setup('participant');
		const start = new Date('2026-03-01T10:00:00Z');
		const { token } = createSignIn(db, userId, 'participant', start);
		const later = new Date(start.getTime() + 29 * day);
		const seen = validateSignInToken(db, token, later);
		expect(seen?.renewed).toBe(true);
		expect(seen?.signIn.expiresAt.getTime()).toBe(
			later.getTime() + signInPolicy.participantLifetime
		);
		expect(validateSignInToken(db, token, new Date(later.getTime() + 29 * day))).not.toBeNull();
		expect(validateSignInToken(db, token, new Date(later.getTime() + 90 * day))).toBeNull();
	});

	it('ends a staff sign-in after 30 idle minutes', () => {
		const { db, userId } = setup('navigator');
		const start = new Date('2026-03-01T09:00:00Z');
		const { token } = createSignIn(db, userId, 'navigator', start);
		expect(validateSignInToken(db, token, new Date(start.getTime() + 29 * minute))).not.toBeNull();
		const idle = new Date(start.getTime() + 29 * minute + 31 * minute);
		expect(validateSignInToken(db, token, idle)).toBeNull();
	});

	it('ends a staff sign-in 12 hours after it began however active', () => {
		const { db, userId } = setup('coordinator');
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = createSignIn(db, userId, 'coordinator', start);
		let now = start.getTime();
		while (now < start.getTime() + 12 * 60 * minute - 20 * minute) {
			now += 20 * minute;
			expect(validateSignInToken(db, token, new Date(now))).not.toBeNull();
		}
		expect(validateSignInToken(db, token, new Date(start.getTime() + 12 * 60 * minute))).toBeNull();
	});

	it('ends every sign-in of a deactivated user', () => {
		const { db, userId } = setup();
		const { token } = createSignIn(db, userId, 'participant');
		db.update(table.user).set({ active: false }).run();
		expect(validateSignInToken(db, token)).toBeNull();
	});

	it('ends one sign-in, or all but the current one', () => {
		const { db, userId } = setup();
		const a = createSignIn(db, userId, 'participant');
		const b = createSignIn(db, userId, 'participant');
		const c = createSignIn(db, userId, 'participant');
		endSignIn(db, a.id);
		expect(validateSignInToken(db, a.token)).toBeNull();
		endEverySignIn(db, userId, b.id);
		expect(validateSignInToken(db, b.token)).not.toBeNull();
		expect(validateSignInToken(db, c.token)).toBeNull();
	});
});
