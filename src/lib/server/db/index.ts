import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { openDatabase, type Db } from './open';
import { defaultDatabasePath } from './wal-checkpoints.js';

let opened: Db | undefined;

/**
 * The app's database, opened and migrated on first use. Never at import time: `vite build`
 * imports server modules, and opening here would create an empty database file.
 */
export function getDb(): Db {
	if (building) throw new Error('The database is not available while building');
	opened ??= openDatabase(env.DATABASE_PATH || defaultDatabasePath, {
		checkpointsElsewhere: env.WAL_CHECKPOINTS === 'elsewhere'
	});
	return opened;
}

export type { Db };
