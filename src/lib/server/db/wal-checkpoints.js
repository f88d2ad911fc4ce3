/**
 * Copies SQLite's write-ahead log back into the database from a process that serves no requests.
 * Left to itself, SQLite does it inside whichever commit takes the log past 1,000 pages: under
 * load that commit took 8 to 20 ms instead of 1, and every request its process had in flight
 * waited for it. With several server processes, the cluster's primary does it instead, and the
 * processes serving requests copy the log back themselves only past a backstop.
 * Plain JavaScript so that server.js can import it without a build step.
 */
import Database from 'better-sqlite3';

export const defaultDatabasePath = './data/checkpoint.db';

/**
 * The log size, in pages, at which a process serving requests copies it back itself: about
 * 40 MB, reached only if the primary has stopped or fallen behind.
 */
export const backstopPages = 10_000;

/** The log size, in pages, past which the checkpointer makes writers start it again from the top. */
export const restartAfterPages = 1_000;

/**
 * @typedef {{ busy: number, log: number, checkpointed: number }} CheckpointResult
 * `log` is the pages in the log, `checkpointed` those copied back; `busy` is 1 when another
 * connection held a lock the checkpoint needed.
 */

/**
 * Opens its own connection to the database at `path` (which must exist, in WAL mode) and copies
 * the log back every `everyMs`. It never waits for a lock, so no process serving requests waits
 * for it either, except for the moment it takes to copy the last few pages when it restarts the
 * log. Errors go to `onError` and the next round tries again.
 * @param {string} path
 * @param {{ everyMs?: number, onError?: (error: unknown) => void }} [options]
 */
export function startWalCheckpoints(path, { everyMs = 500, onError = () => {} } = {}) {
	const sqlite = new Database(path, { fileMustExist: true });
	sqlite.pragma('busy_timeout = 0');

	/** @returns {CheckpointResult} */
	const checkpoint = () => {
		const copied = /** @type {CheckpointResult[]} */ (sqlite.pragma('wal_checkpoint(PASSIVE)'))[0];
		// A writer starts the log again from the top only if, when it began, every page had been
		// copied back. Under steady writes that moment never comes, so the log would only grow.
		// RESTART takes the write lock, copies the few pages written since, and, if no reader is
		// still on the log, leaves it for the next writer to start again.
		if (copied.busy || copied.log < restartAfterPages || copied.checkpointed < copied.log) {
			return copied;
		}
		return /** @type {CheckpointResult[]} */ (sqlite.pragma('wal_checkpoint(RESTART)'))[0];
	};

	const timer = setInterval(() => {
		try {
			checkpoint();
		} catch (error) {
			onError(error);
		}
	}, everyMs);
	timer.unref();

	return {
		checkpoint,
		stop() {
			clearInterval(timer);
			sqlite.close();
		}
	};
}
