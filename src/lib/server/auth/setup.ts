import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { createStaffUser, type NewUser } from '../accounts';
import { fieldError } from '../input';
import { hashCode, normaliseCode } from './activation';
import { checkNewPassphrase, hashPassword } from './password';

const setupCodeKey = 'setup_code_hash';

export function hasCoordinator(db: Db): boolean {
	return !!db
		.select({ id: table.user.id })
		.from(table.user)
		.where(eq(table.user.role, 'coordinator'))
		.get();
}

/**
 * On an empty database, makes a one-time code for creating the first coordinator and returns it
 * so the server can print it once. Returns null when there is nothing to set up.
 */
export function prepareFirstRunSetup(db: Db): string | null {
	if (hasCoordinator(db)) {
		db.delete(table.appSetting).where(eq(table.appSetting.key, setupCodeKey)).run();
		return null;
	}
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	const code = normaliseCode(Buffer.from(bytes).toString('hex').slice(0, 12));
	db.insert(table.appSetting)
		.values({ key: setupCodeKey, value: hashCode(code) })
		.onConflictDoUpdate({ target: table.appSetting.key, set: { value: hashCode(code) } })
		.run();
	return code;
}

export function setupIsOpen(db: Db): boolean {
	return (
		!hasCoordinator(db) &&
		!!db.select().from(table.appSetting).where(eq(table.appSetting.key, setupCodeKey)).get()
	);
}

export async function createFirstCoordinator(
	db: Db,
	input: NewUser & { code: string; passphrase: string; confirmation: string }
) {
	const stored = db
		.select()
		.from(table.appSetting)
		.where(eq(table.appSetting.key, setupCodeKey))
		.get();
	if (!stored || hasCoordinator(db)) fieldError('code', 'Setup has already been done.');
	if (hashCode(input.code) !== stored.value)
		fieldError('code', 'That is not the code the server printed when it started.');
	const problem = checkNewPassphrase(input.passphrase, input.username);
	if (problem) fieldError('passphrase', problem);
	if (input.passphrase !== input.confirmation)
		fieldError('confirmation', 'The two passphrases are not the same.');
	const passwordHash = await hashPassword(input.passphrase);
	return db.transaction(
		(tx) => {
			// Another submit may have used the code while this one was hashing.
			const used = tx
				.delete(table.appSetting)
				.where(
					and(eq(table.appSetting.key, setupCodeKey), eq(table.appSetting.value, stored.value))
				)
				.run();
			if (used.changes !== 1) fieldError('code', 'Setup has already been done.');
			// better-sqlite3 is synchronous: the outer handle runs inside this same transaction.
			const id = createStaffUser(db, { ...input, role: 'coordinator' });
			tx.update(table.user).set({ passwordHash }).where(eq(table.user.id, id)).run();
			return id;
		},
		{ behavior: 'immediate' }
	);
}
