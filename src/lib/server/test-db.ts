import { openDatabase } from './db/open';

/** A fresh, migrated in-memory database for a unit test. */
export function createTestDb() {
	return openDatabase(':memory:');
}
