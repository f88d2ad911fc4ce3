import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema';
import { backstopPages } from './wal-checkpoints.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The handle a `db.transaction` callback gets. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const expectedPragmas = {
	foreign_keys: 1,
	busy_timeout: 5000,
	// NORMAL is durable in WAL mode except for the last transactions before a power cut.
	synchronous: 1
} as const;

function applyPragmas(sqlite: Database.Database, inMemory: boolean, checkpointsElsewhere: boolean) {
	if (!inMemory) sqlite.pragma('journal_mode = WAL');
	if (checkpointsElsewhere) sqlite.pragma(`wal_autocheckpoint = ${backstopPages}`);
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

/**
 * Reuses SQLite's compiled statement for SQL it has seen before. Drizzle asks better-sqlite3 to
 * prepare every query afresh, and on a busy page compiling the SQL cost more than running it.
 */
function reuseStatements(sqlite: Database.Database, limit = 500) {
	const compile = sqlite.prepare.bind(sqlite);
	const statements = new Map<string, Database.Statement>();
	sqlite.prepare = ((source: string) => {
		const cached = statements.get(source);
		// A statement still stepping through rows cannot be run again until it finishes.
		if (cached && !cached.busy) {
			statements.delete(source);
			statements.set(source, cached);
			// Drizzle switches a statement to arrays for its own mapping; other callers expect objects.
			if (cached.reader) cached.raw(false);
			return cached;
		}
		const statement = compile(source);
		statements.set(source, statement);
		if (statements.size > limit) statements.delete(statements.keys().next().value!);
		return statement;
	}) as typeof sqlite.prepare;
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

type OpenOptions = {
	/**
	 * Another process copies the write-ahead log back into the database (see wal-checkpoints.js),
	 * so this connection does it only past a backstop, instead of inside a commit every 1,000 pages.
	 */
	checkpointsElsewhere?: boolean;
};

/** Opens (creating if needed) and migrates a database. Pass ':memory:' for tests. */
export function openDatabase(path: string, { checkpointsElsewhere = false }: OpenOptions = {}): Db {
	const inMemory = path === ':memory:';
	if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
	const sqlite = new Database(path);
	applyPragmas(sqlite, inMemory, checkpointsElsewhere);
	reuseStatements(sqlite);
	sqlite.function('fold_for_search', { deterministic: true }, (text) =>
		typeof text === 'string' ? foldForSearch(text) : text
	);
	const db = drizzle(sqlite, { schema, casing: 'snake_case' }) as Db;
	migrate(db, { migrationsFolder: resolve('drizzle') });
	return db;
}
