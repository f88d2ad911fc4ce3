import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { openDatabase, type Db } from './open';
import { resolveDatabaseSettings } from './settings';

let opened: Db | undefined;

/**
 * The app's database, opened and migrated on first use. Never at import time: `vite build`
 * imports server modules, and opening here would create an empty database file.
 */
export function getDb(): Db {
	if (building) throw new Error('The database is not available while building');
	if (!opened) {
		const settings = resolveDatabaseSettings(env);
		opened = openDatabase(settings.databasePath, settings);
	}
	return opened;
}

export type { Db };
