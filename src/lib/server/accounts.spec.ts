import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { countUsers, listUsers } from './accounts';
import { makeFixture } from './attendance-fixture';
import type { Db } from './db/open';
import * as table from './db/schema';
import { createTestDb } from './test-db';

describe('finding accounts', () => {
	let db: Db;

	beforeEach(() => {
		db = createTestDb();
		const f = makeFixture(db);
		const nav = f.addUser('nav.north', 'navigator');
		f.addUser('coord', 'coordinator');
		for (const name of ['kerry', 'alex', 'sam_100', 'sam%', 'jo']) f.addParticipant(name, nav);
	});

	const names = (search: string, offset = 0, limit = 50) =>
		listUsers(db, search, { offset, limit }).map((u) => u.username);

	it('lists everyone by role, then name, a page at a time', () => {
		expect(countUsers(db)).toBe(7);
		expect(names('')).toEqual(['coord', 'nav.north', 'alex', 'jo', 'kerry', 'sam%', 'sam_100']);
		expect(names('', 2, 3)).toEqual(['alex', 'jo', 'kerry']);
		expect(names('', 6, 3)).toEqual(['sam_100']);
	});

	it('matches part of a name, username or programme reference, whatever its case', () => {
		db.update(table.user)
			.set({ displayName: 'Kerry Walsh' })
			.where(eq(table.user.username, 'kerry'))
			.run();
		expect(names('WALSH')).toEqual(['kerry']);
		expect(countUsers(db, 'NORTH')).toBe(1);
		// The fixture's references are the usernames in capitals.
		expect(names('sam_1')).toEqual(['sam_100']);
	});

	it('treats % and _ as plain characters, not wildcards', () => {
		expect(names('%')).toEqual(['sam%']);
		expect(names('_')).toEqual(['sam_100']);
		expect(countUsers(db, 'nobody')).toBe(0);
	});
});
