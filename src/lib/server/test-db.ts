import { openDatabase, type Db } from './db/open';
import { InputError } from './input';

/** A fresh, migrated in-memory database for a unit test. */
export function createTestDb() {
	return openDatabase(':memory:');
}

/**
 * Runs `write` just before the next transaction on `db` begins: what another server process
 * could commit between a function's first reads and its transaction.
 */
export function writeBeforeNextTransaction(db: Db, write: () => void) {
	const transaction = db.transaction;
	db.transaction = ((...args: Parameters<Db['transaction']>) => {
		db.transaction = transaction;
		write();
		return transaction.apply(db, args);
	}) as Db['transaction'];
}

/** The field errors `run` refuses with; fails the test if it does not refuse. */
export function fieldErrorsOf(run: () => unknown): Record<string, string> {
	try {
		run();
	} catch (e) {
		if (e instanceof InputError) return e.fields;
		throw e;
	}
	throw new Error('expected an InputError');
}
