import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The folder of generated migrations, read from the working directory as deployed. */
export const migrationsFolder = 'drizzle';

const journals = new Map<string, number[]>();

/** When each migration in the folder was made: Drizzle records that time once it applies one. */
function migrationTimes(folder: string) {
	const key = resolve(folder);
	let times = journals.get(key);
	if (!times) {
		const journal = JSON.parse(readFileSync(join(key, 'meta', '_journal.json'), 'utf8')) as {
			entries: { when: number }[];
		};
		times = journal.entries.map((entry) => entry.when);
		journals.set(key, times);
	}
	return times;
}

/**
 * How many of the folder's migrations the database has applied, and how many it has not. Each
 * must be recorded, not just the newest: Drizzle applies only migrations newer than the last one
 * applied, so one made earlier but merged later would otherwise be skipped without a word.
 */
export function migrationState(sqlite: Database.Database, folder = migrationsFolder) {
	const recorded = sqlite
		.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
		.get();
	const applied = new Set(
		recorded
			? sqlite
					.prepare('select created_at from __drizzle_migrations')
					.pluck()
					.all()
					.map((at) => Number(at))
			: []
	);
	const pending = migrationTimes(folder).filter((when) => !applied.has(when)).length;
	return { applied: applied.size, pending };
}
