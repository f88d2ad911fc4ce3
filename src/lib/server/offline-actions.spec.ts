import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import type { Db } from './db/open';
import * as table from './db/schema';
import { InputError } from './input';
import { NotYourItem, replayMessage } from './offline-actions';
import { createTestDb } from '$fixtures/test-db';

const start = new Date('2026-03-10T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

let db: Db;
let p1: string;
let p2: string;

beforeEach(() => {
	db = createTestDb();
	const f = makeFixture(db);
	const navigator = f.addUser('nav', 'navigator');
	p1 = f.addParticipant('p1', navigator);
	p2 = f.addParticipant('p2', navigator);
});

const messagesOf = (participantId: string) =>
	db.select().from(table.message).where(eq(table.message.participantId, participantId)).all();

describe('a message queued offline', () => {
	const key = '6f1c1d6e-3b8a-4c55-9a43-0d7d1d0a1b2c';

	it('is stored once when the same key arrives twice', () => {
		const item = { key, userId: p1, body: 'Running late, sorry' };
		expect(replayMessage(db, p1, item, at(0))).toEqual({ status: 'sent' });
		expect(replayMessage(db, p1, item, at(1))).toEqual({ status: 'duplicate' });
		expect(messagesOf(p1)).toHaveLength(1);
		expect(messagesOf(p1)[0]).toMatchObject({ body: 'Running late, sorry', clientKey: key });
	});

	it('keeps "I do not feel safe" only when it was ticked', () => {
		replayMessage(db, p1, { key, userId: p1, body: 'Help', concernsSafety: true }, at(0));
		replayMessage(
			db,
			p1,
			{ key: crypto.randomUUID(), userId: p1, body: 'Later', concernsSafety: 'yes' },
			at(1)
		);
		expect(messagesOf(p1).map((m) => [m.body, m.concernsSafety])).toEqual([
			['Help', true],
			['Later', false]
		]);
	});

	it('is refused when it was made by another user than the one signed in', () => {
		expect(() => replayMessage(db, p2, { key, userId: p1, body: 'Hello' }, at(0))).toThrow(
			NotYourItem
		);
		expect(messagesOf(p1)).toHaveLength(0);
		expect(messagesOf(p2)).toHaveLength(0);
	});

	it('needs a proper key, so it can never be stored twice', () => {
		expect(() => replayMessage(db, p1, { key: 'x', userId: p1, body: 'Hello' })).toThrow(
			InputError
		);
		expect(messagesOf(p1)).toHaveLength(0);
	});

	it('may use the same key as another user without clashing', () => {
		replayMessage(db, p1, { key, userId: p1, body: 'From p1' }, at(0));
		expect(replayMessage(db, p2, { key, userId: p2, body: 'From p2' }, at(0))).toEqual({
			status: 'sent'
		});
		expect(messagesOf(p2)).toHaveLength(1);
	});
});
