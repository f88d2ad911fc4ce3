import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** The folder of generated migrations, read from the working directory as deployed. */
export const migrationsFolder = 'drizzle';

/**
 * How many of the folder's migrations the database has applied and has not, judged as Drizzle's
 * migrator judges it: a migration is applied when the newest recorded one is not older than it.
 */
export function migrationState(sqlite: Database.Database, folder = migrationsFolder) {
	const migrations = readMigrationFiles({ migrationsFolder: folder });
	const recorded = sqlite
		.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
		.get()
		? (sqlite
				.prepare('select max(created_at) as last, count(*) as n from __drizzle_migrations')
				.get() as { last: number | null; n: number })
		: { last: null, n: 0 };
	const pending = migrations.filter(
		(m) => recorded.last === null || Number(recorded.last) < m.folderMillis
	).length;
	return { applied: recorded.n, pending };
}
