import { error } from '@sveltejs/kit';
import { building } from '$app/environment';
import { config } from '../config';
import { log } from '../log';
import { openDatabase, type Connection } from './open';

let opened: Connection | undefined;
const startWhenOpen: ((db: Connection) => void)[] = [];

/**
 * What a request is told while the database cannot be opened: there is nothing to do but wait.
 * No name: a participant's discreet mode cannot be read now.
 */
const unavailableMessage = 'This app is not available just now.';

/** Opens and migrates the database unless it is open; throws why it cannot be opened. */
function openNow(): Connection {
	if (building) throw new Error('The database is not available while building');
	if (!opened) {
		const settings = config().database;
		opened = openDatabase(settings.databasePath, settings);
		log.info('Database opened');
		for (const start of startWhenOpen.splice(0)) runStartUpJob(start, opened);
	}
	return opened;
}

/**
 * The app's database, opened and migrated on first use. While it cannot be opened, the request
 * is answered 503 (keepOpeningDatabase logs why, and keeps trying). Never at import time: `vite
 * build` imports server modules, and opening here would create an empty database file.
 */
export function getDb(): Connection {
	if (opened) return opened;
	try {
		return openNow();
	} catch (err) {
		if (building) throw err;
		error(503, unavailableMessage);
	}
}

/** The database, or undefined while it cannot be opened. */
export function getDbIfAvailable(): Connection | undefined {
	try {
		return openNow();
	} catch {
		return undefined;
	}
}

function runStartUpJob(start: (db: Connection) => void, db: Connection) {
	try {
		start(db);
	} catch (err) {
		log.error({ err }, 'A start-up job failed');
	}
}

/**
 * Runs `start` once the database is open: now if it is, else after whichever request or retry
 * opens it first.
 */
export function whenDatabaseOpens(start: (db: Connection) => void) {
	if (opened) runStartUpJob(start, opened);
	else startWhenOpen.push(start);
}

/**
 * Opens the database now or, while it cannot be opened, every `retryMs` until it can; the server
 * keeps answering meanwhile (/readyz says it is not ready). A failure is logged when it first
 * happens and whenever its reason changes, not on every retry.
 */
export function keepOpeningDatabase(retryMs = 5000) {
	let lastFailure: string | undefined;
	const attempt = () => {
		try {
			openNow();
		} catch (err) {
			const reason = err instanceof Error ? err.message : String(err);
			if (reason !== lastFailure) {
				log.error({ err, retryMs }, 'The database cannot be opened; trying again until it can');
			}
			lastFailure = reason;
			setTimeout(attempt, retryMs).unref();
		}
	};
	attempt();
}

export type { Connection, Db } from './open';
