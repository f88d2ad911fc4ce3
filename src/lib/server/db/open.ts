import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const expectedPragmas = {
	foreign_keys: 1,
	busy_timeout: 5000,
	// NORMAL is durable in WAL mode except for the last transactions before a power cut.
	synchronous: 1
} as const;

function applyPragmas(sqlite: Database.Database, inMemory: boolean) {
	if (!inMemory) sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma(`busy_timeout = ${expectedPragmas.busy_timeout}`);
	sqlite.pragma('synchronous = NORMAL');

	const journal = sqlite.pragma('journal_mode', { simple: true });
	if (!inMemory && journal !== 'wal') throw new Error(`SQLite journal_mode is ${journal}, not wal`);
	for (const [name, expected] of Object.entries(expectedPragmas)) {
		const actual = sqlite.pragma(name, { simple: true });
		if (actual !== expected) throw new Error(`SQLite ${name} is ${actual}, expected ${expected}`);
	}
}

/** Opens (creating if needed) and migrates a database. Pass ':memory:' for tests. */
export function openDatabase(path: string, migrationsFolder = resolve('drizzle')): Db {
	const inMemory = path === ':memory:';
	if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
	const sqlite = new Database(path);
	applyPragmas(sqlite, inMemory);
	const db = drizzle(sqlite, { schema, casing: 'snake_case' }) as Db;
	migrate(db, { migrationsFolder });
	return db;
}
