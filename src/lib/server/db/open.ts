import Database from 'better-sqlite3';
import type { RunResult } from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { backupBeforeMigrating } from './backup';
import { migrationsFolder, migrationState } from './migrations';
import * as schema from './schema';

/**
 * What domain functions query through: the open database, or a transaction on it. A function
 * that takes a `Db` runs inside its caller's transaction when handed one.
 */
export type Db = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

/** The open database itself, for work below Drizzle: pragmas, backups, raw statements. */
export type Connection = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const expectedPragmas = {
	foreign_keys: 1,
	busy_timeout: 5000,
	// NORMAL is durable in WAL mode except for the last transactions before a power cut.
	synchronous: 1,
	// After a checkpoint, SQLite truncates the write-ahead log back to this size (64 MiB) instead
	// of leaving it at its largest.
	journal_size_limit: 64 * 1024 * 1024
} as const;

function applyPragmas(sqlite: Database.Database, inMemory: boolean) {
	if (!inMemory) sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma(`busy_timeout = ${expectedPragmas.busy_timeout}`);
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma(`journal_size_limit = ${expectedPragmas.journal_size_limit}`);

	const journal = sqlite.pragma('journal_mode', { simple: true });
	if (!inMemory && journal !== 'wal') throw new Error(`SQLite journal_mode is ${journal}, not wal`);
	for (const [name, expected] of Object.entries(expectedPragmas)) {
		const actual = sqlite.pragma(name, { simple: true });
		if (actual !== expected) throw new Error(`SQLite ${name} is ${actual}, expected ${expected}`);
	}
}

/**
 * Text as searches compare it: lower case, accents dropped. SQLite's own lower() folds only A to Z,
 * so "élodie" would not find "Élodie", and nobody should have to type "ë" to find "Zoë".
 */
export function foldForSearch(text: string) {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[łøđßæœ]/g, (letter) => lettersWithoutAccents[letter]);
}

/** Letters that Unicode does not split into a base letter and an accent. */
const lettersWithoutAccents: Record<string, string> = {
	ł: 'l',
	ø: 'o',
	đ: 'd',
	ß: 'ss',
	æ: 'ae',
	œ: 'oe'
};

/** Where backups go unless BACKUP_DIR says otherwise: `backups/` beside the database. */
export function defaultBackupDirectory(databasePath: string) {
	return join(dirname(resolve(databasePath)), 'backups');
}

/**
 * Opens (creating if needed) and migrates a database. Pass ':memory:' for tests. A database that
 * already holds data is copied to the backup directory before new migrations run, so an upgrade
 * can be rolled back by restoring that copy.
 */
export function openDatabase(
	path: string,
	{
		backupDirectory = defaultBackupDirectory(path),
		migrations = migrationsFolder
	}: { backupDirectory?: string; migrations?: string } = {}
): Connection {
	const inMemory = path === ':memory:';
	if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
	const sqlite = new Database(path);
	try {
		applyPragmas(sqlite, inMemory);
		sqlite.function('fold_for_search', { deterministic: true }, (text) =>
			typeof text === 'string' ? foldForSearch(text) : text
		);
		const db = drizzle(sqlite, { schema, casing: 'snake_case' }) as Connection;
		const state = migrationState(sqlite, migrations);
		if (!inMemory && state.applied > 0 && state.pending > 0) {
			backupBeforeMigrating(sqlite, backupDirectory);
		}
		migrate(db, { migrationsFolder: resolve(migrations) });
		return db;
	} catch (e) {
		// A server that keeps retrying must not keep a handle from each failed attempt.
		sqlite.close();
		throw e;
	}
}
