import { describe, expect, it } from 'vitest';
import { createTestDb } from '../test-db';
import * as table from '../db/schema';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	sessionPolicy,
	validateSessionToken
} from './session';

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

describe('sessions', () => {
	it('stores only a hash of the secret, never the token', () => {
		const { db, userId } = setup();
		const { token } = createSession(db, userId, 'participant');
		const [id, secret] = token.split('.');
		const row = db.select().from(table.signIn).get()!;
		expect(row.id).toBe(id);
		expect(row.secretHash).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('rejects a token whose secret was altered', () => {
		const { db, userId } = setup();
		const { token } = createSession(db, userId, 'participant');
		const altered = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
		expect(validateSessionToken(db, altered)).toBeNull();
		expect(validateSessionToken(db, 'nonsense')).toBeNull();
		expect(validateSessionToken(db, token)?.user.id).toBe(userId);
	});

	it('slides a participant session for 30 days from the last visit', () => {
		const { db, userId } = setup('participant');
		const start = new Date('2026-03-01T10:00:00Z');
		const { token } = createSession(db, userId, 'participant', start);
		const later = new Date(start.getTime() + 29 * day);
		const seen = validateSessionToken(db, token, later);
		expect(seen?.renewed).toBe(true);
		expect(seen?.session.expiresAt.getTime()).toBe(
			later.getTime() + sessionPolicy.participantLifetime
		);
		expect(validateSessionToken(db, token, new Date(later.getTime() + 29 * day))).not.toBeNull();
		expect(validateSessionToken(db, token, new Date(later.getTime() + 90 * day))).toBeNull();
	});

	it('ends a staff session after 30 idle minutes', () => {
		const { db, userId } = setup('navigator');
		const start = new Date('2026-03-01T09:00:00Z');
		const { token } = createSession(db, userId, 'navigator', start);
		expect(validateSessionToken(db, token, new Date(start.getTime() + 29 * minute))).not.toBeNull();
		const idle = new Date(start.getTime() + 29 * minute + 31 * minute);
		expect(validateSessionToken(db, token, idle)).toBeNull();
	});

	it('ends a staff session 12 hours after sign-in however active', () => {
		const { db, userId } = setup('coordinator');
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = createSession(db, userId, 'coordinator', start);
		let now = start.getTime();
		while (now < start.getTime() + 12 * 60 * minute - 20 * minute) {
			now += 20 * minute;
			expect(validateSessionToken(db, token, new Date(now))).not.toBeNull();
		}
		expect(
			validateSessionToken(db, token, new Date(start.getTime() + 12 * 60 * minute))
		).toBeNull();
	});

	it('ends every session of a deactivated user', () => {
		const { db, userId } = setup();
		const { token } = createSession(db, userId, 'participant');
		db.update(table.user).set({ active: false }).run();
		expect(validateSessionToken(db, token)).toBeNull();
	});

	it('invalidates one session, or all but the current one', () => {
		const { db, userId } = setup();
		const a = createSession(db, userId, 'participant');
		const b = createSession(db, userId, 'participant');
		const c = createSession(db, userId, 'participant');
		invalidateSession(db, a.id);
		expect(validateSessionToken(db, a.token)).toBeNull();
		invalidateUserSessions(db, userId, b.id);
		expect(validateSessionToken(db, b.token)).not.toBeNull();
		expect(validateSessionToken(db, c.token)).toBeNull();
	});
});
