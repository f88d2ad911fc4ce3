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
 * Copies the log of the database at `path` (which must exist, in WAL mode) back every `everyMs`,
 * on a connection of its own. It never waits for a lock. `onError` hears of the first failure
 * after a round that worked, `onRecovered` of the first round that works after failures; a
 * failed round, even opening the database, is tried again on the next.
 * @param {string} path
 * @param {{ everyMs?: number, onError?: (error: unknown) => void, onRecovered?: () => void }} [options]
 */
export function startWalCheckpoints(
	path,
	{ everyMs = 500, onError = () => {}, onRecovered = () => {} } = {}
) {
	/** @type {Database.Database | undefined} */
	let sqlite;
	/** The log's size when it was last left for the next writer to start again, if unchanged since. */
	let restartedAt = -1;
	let failing = false;

	/** @returns {CheckpointResult} */
	const checkpoint = () => {
		if (!sqlite) {
			sqlite = new Database(path, { fileMustExist: true });
			sqlite.pragma('busy_timeout = 0');
		}
		const copied = /** @type {CheckpointResult[]} */ (sqlite.pragma('wal_checkpoint(PASSIVE)'))[0];
		// A passive checkpoint copies the pages that were in the log when it started; writers carry
		// on meanwhile. A writer starts the log again from the top only if every page had been
		// copied back when it began, so under steady writes the log would only grow. RESTART takes
		// the write lock, copies the pages written since and syncs the files while holding it,
		// then, if no reader is still on the log, leaves it for the next writer to start again.
		const worthRestarting =
			!copied.busy &&
			copied.log >= restartAfterPages &&
			copied.checkpointed === copied.log &&
			copied.log !== restartedAt;
		if (!worthRestarting) return copied;
		const restarted = /** @type {CheckpointResult[]} */ (
			sqlite.pragma('wal_checkpoint(RESTART)')
		)[0];
		if (!restarted.busy) restartedAt = restarted.log;
		return restarted;
	};

	const timer = setInterval(() => {
		try {
			checkpoint();
			if (failing) onRecovered();
			failing = false;
		} catch (error) {
			if (!failing) onError(error);
			failing = true;
		}
	}, everyMs);
	timer.unref();

	return {
		checkpoint,
		stop() {
			clearInterval(timer);
			sqlite?.close();
		}
	};
}
