import { describe, expect, it } from 'vitest';
import * as table from '../db/schema';
import { InputError } from '../input';
import { createTestDb } from '$fixtures/test-db';
import { createFirstCoordinator, prepareFirstRunSetup, setupIsOpen } from './setup';

const input = {
	username: 'boss',
	displayName: 'Boss',
	passphrase: 'lantern over the bay',
	confirmation: 'lantern over the bay'
};

describe('first-run setup', () => {
	it('prints a code on an empty database; the code creates one coordinator, then setup closes', async () => {
		const db = createTestDb();
		const code = prepareFirstRunSetup(db);
		expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
		expect(setupIsOpen(db)).toBe(true);

		await expect(
			createFirstCoordinator(db, { ...input, code: 'AAAA-BBBB-CCCC' })
		).rejects.toBeInstanceOf(InputError);
		await createFirstCoordinator(db, { ...input, code: code!.toLowerCase() });
		expect(
			db
				.select()
				.from(table.user)
				.all()
				.map((u) => u.role)
		).toEqual(['coordinator']);
		expect(setupIsOpen(db)).toBe(false);
		expect(prepareFirstRunSetup(db)).toBeNull();
		await expect(
			createFirstCoordinator(db, { ...input, username: 'boss2', code: code! })
		).rejects.toBeInstanceOf(InputError);
	});

	it('creates one coordinator when the form is submitted twice at once', async () => {
		const db = createTestDb();
		const code = prepareFirstRunSetup(db)!;
		const results = await Promise.allSettled([
			createFirstCoordinator(db, { ...input, code }),
			createFirstCoordinator(db, { ...input, username: 'boss2', code })
		]);
		const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
		expect(refused).toHaveLength(1);
		expect(refused[0]).toBeInstanceOf(InputError);
		expect(refused[0].fields).toEqual({ code: 'Setup has already been done.' });
		expect(db.select().from(table.user).all()).toHaveLength(1);
	});
});
