import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Copies the database with `VACUUM INTO`: one read transaction, so the copy is a consistent
 * snapshot while the app keeps reading and writing (WAL), compacted, and written as a file of its
 * own that `PRAGMA integrity_check` then reads back. Returns the copy's integrity: 'ok' or
 * SQLite's list of problems.
 */
export function copyDatabase(sqlite: Database.Database, destination: string): string {
	if (existsSync(destination)) throw new Error(`${destination} already exists`);
	sqlite.prepare('vacuum into ?').run(destination);
	return checkIntegrity(destination);
}

/** 'ok', or SQLite's list of problems. */
export function checkIntegrity(path: string): string {
	const copy = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
		return rows.map((r) => r.integrity_check).join('\n');
	} finally {
		copy.close();
	}
}

/** `2026-12-05T19-23-16-123Z`: sorts in time order and is a valid file name everywhere. */
function stamp(at: Date) {
	return at.toISOString().replace(/[:.]/g, '-');
}

const scheduledBackup = /^checkpoint-\d{4}-\d\d-\d\dT[\d-]+Z\.db$/;

export type BackupResult = { file: string; integrity: string; removed: string[] };

/**
 * `npm run backup`: an online, integrity-checked copy of the database into `directory`, keeping
 * the newest `keep` such copies. A copy that fails its check is deleted, not kept as a backup.
 */
export function backupDatabase(
	databasePath: string,
	directory: string,
	{ keep, now = new Date() }: { keep: number; now?: Date }
): BackupResult {
	if (!Number.isInteger(keep) || keep < 1) throw new Error('keep must be a whole number from 1');
	mkdirSync(directory, { recursive: true });
	const file = resolve(directory, `checkpoint-${stamp(now)}.db`);
	const source = new Database(databasePath, { fileMustExist: true });
	let integrity: string;
	try {
		source.pragma('busy_timeout = 5000');
		integrity = copyDatabase(source, file);
	} finally {
		source.close();
	}
	if (integrity !== 'ok') {
		rmSync(file, { force: true });
		return { file, integrity, removed: [] };
	}
	const removed = readdirSync(directory)
		.filter((name) => scheduledBackup.test(name))
		.sort()
		.reverse()
		.slice(keep)
		.map((name) => join(directory, name));
	for (const old of removed) rmSync(old);
	return { file, integrity, removed };
}

/**
 * The copy taken before an upgrade's migrations run, kept apart from the scheduled copies (the
 * rotation never removes it). Throws, so nothing is migrated, when the copy is not sound.
 */
export function backupBeforeMigrating(
	sqlite: Database.Database,
	directory: string,
	now = new Date()
) {
	mkdirSync(directory, { recursive: true });
	const file = resolve(directory, `pre-migration-${stamp(now)}.db`);
	const integrity = copyDatabase(sqlite, file);
	if (integrity !== 'ok')
		throw new Error(`The copy before migrating failed its check: ${integrity}`);
	return file;
}
