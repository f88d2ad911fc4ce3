import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Copies a live database with SQLite's online backup API while the app keeps reading and
 * writing, then checks the copy with `PRAGMA integrity_check`.
 */
export async function backupDatabase(sourcePath: string, destinationPath: string) {
	if (resolve(sourcePath) === resolve(destinationPath))
		throw new Error('The backup must go to a different file from the database.');
	if (existsSync(destinationPath))
		throw new Error(`${destinationPath} already exists; choose a new file name.`);
	const source = new Database(sourcePath, { fileMustExist: true });
	try {
		source.pragma('busy_timeout = 5000');
		// One step copies every page inside a single read transaction: a consistent snapshot, and
		// under WAL the app's writers carry on meanwhile. Small steps would restart on every write.
		await source.backup(destinationPath, { progress: () => 0x7fffffff });
	} finally {
		source.close();
	}
	return checkIntegrity(destinationPath);
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
