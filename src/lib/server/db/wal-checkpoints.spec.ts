import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from './open';
import { backstopPages, restartAfterPages, startWalCheckpoints } from './wal-checkpoints.js';

const pageSize = 4096;
const frameHeader = 24;

let dir: string;
let path: string;
const opened: { close(): void }[] = [];

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'checkpoint-wal-'));
	path = join(dir, 'app.db');
});
afterEach(() => {
	for (const connection of opened.splice(0)) connection.close();
	rmSync(dir, { recursive: true, force: true });
});

function open(checkpointsElsewhere: boolean) {
	const db = openDatabase(path, { checkpointsElsewhere });
	opened.push(db.$client);
	return db;
}

/** Pages the log file has room for: it grows to its longest run and is reused after a restart. */
const logFilePages = () => Math.floor(statSync(path + '-wal').size / (pageSize + frameHeader));

/** One audit row per commit, as staff views write them: each commit adds a few pages to the log. */
function commitAuditRows(db: Db, commits: number) {
	const insert = db.$client.prepare(
		`insert into audit_log (at, actor_id, actor_role, action, participant_id)
		 values (?, 'navigator-1', 'navigator', 'participant.view', ?)`
	);
	for (let i = 0; i < commits; i++) insert.run(Date.now(), `participant-${i}`);
}

/** Commits until the log file holds at least `pages` pages, and returns how many it took. */
function fillLog(db: Db, pages: number) {
	let commits = 0;
	while (logFilePages() < pages && commits < 10_000) {
		commitAuditRows(db, 50);
		commits += 50;
	}
	return commits;
}

/** Commits an audit row about every millisecond until told to stop, as a busy server process does. */
const steadyWriter = `
	const Database = require('better-sqlite3');
	const { workerData } = require('node:worker_threads');
	const db = new Database(workerData.path);
	db.pragma('busy_timeout = 5000');
	db.pragma('wal_autocheckpoint = ${backstopPages}');
	const insert = db.prepare(
		"insert into audit_log (at, actor_id, actor_role, action) values (?, 'n', 'navigator', 'participant.view')"
	);
	const pause = new Int32Array(new SharedArrayBuffer(4));
	while (Atomics.load(workerData.stop, 0) === 0) {
		insert.run(Date.now());
		Atomics.add(workerData.committed, 0, 1);
		Atomics.wait(pause, 0, 0, 1);
	}
	db.close();
`;

const auditRows = (db: Db) =>
	(db.$client.prepare('select count(*) as n from audit_log').get() as { n: number }).n;

describe('a server process whose log another process copies back', () => {
	it('lets the log grow past 1,000 pages, where SQLite would copy it back inside a commit', () => {
		const db = open(true);
		expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(backstopPages);
		fillLog(db, 1500);
		expect(logFilePages()).toBeGreaterThanOrEqual(1500);
	});

	it('copies it back itself as SQLite does when nothing else does', () => {
		const db = open(false);
		expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
		commitAuditRows(db, 2000);
		expect(logFilePages()).toBeLessThan(1100);
	});
});

describe('the checkpointer', () => {
	it('copies every page back and has the next writer start the log again from the top', () => {
		const db = open(true);
		const commits = fillLog(db, restartAfterPages + 200);
		const checkpointer = startWalCheckpoints(path, { everyMs: 60_000 });
		opened.push({ close: checkpointer.stop });

		const result = checkpointer.checkpoint();
		expect(result.busy).toBe(0);
		expect(result.checkpointed).toBe(result.log);

		const longest = logFilePages();
		const more = Math.floor(commits / 2);
		commitAuditRows(db, more);
		expect(logFilePages()).toBe(longest);
		expect(auditRows(db)).toBe(commits + more);
	});

	it('keeps the log from growing under steady writes from another connection', async () => {
		open(true);
		const checkpointer = startWalCheckpoints(path, { everyMs: 60_000 });
		opened.push({ close: checkpointer.stop });
		const stop = new Int32Array(new SharedArrayBuffer(4));
		const committed = new Int32Array(new SharedArrayBuffer(4));
		const writer = new Worker(steadyWriter, { eval: true, workerData: { path, stop, committed } });
		// Checkpoints interleave with commits, as they do with a server process's.
		while (Atomics.load(committed, 0) < 1_500) {
			await new Promise((resolve) => setTimeout(resolve, 30));
			checkpointer.checkpoint();
		}
		Atomics.store(stop, 0, 1);
		await new Promise((resolve) => writer.once('exit', resolve));
		// Each commit adds a few pages: had the log never started again, it would hold them all.
		expect(logFilePages()).toBeLessThan(3 * restartAfterPages);
	});

	it('does not make the log start again, nor wait, while a reader is still on it', () => {
		const db = open(true);
		fillLog(db, restartAfterPages + 200);
		const reader = new Database(path);
		opened.push(reader);
		reader.exec('begin');
		reader.prepare('select count(*) from audit_log').get();

		const checkpointer = startWalCheckpoints(path, { everyMs: 60_000 });
		opened.push({ close: checkpointer.stop });
		const started = performance.now();
		const whileReading = checkpointer.checkpoint();
		expect(performance.now() - started).toBeLessThan(1000);
		expect(whileReading.busy).toBe(1);
		expect(whileReading.checkpointed).toBe(whileReading.log);

		const longest = logFilePages();
		commitAuditRows(db, 200);
		expect(logFilePages()).toBeGreaterThan(longest);

		reader.exec('commit');
		expect(checkpointer.checkpoint().busy).toBe(0);
		const afterRestart = logFilePages();
		commitAuditRows(db, 200);
		expect(logFilePages()).toBe(afterRestart);
	});

	it('does not take the write lock again until more is written', () => {
		const db = open(true);
		const commits = fillLog(db, restartAfterPages + 200);
		const checkpointer = startWalCheckpoints(path, { everyMs: 60_000 });
		opened.push({ close: checkpointer.stop });
		expect(checkpointer.checkpoint().busy).toBe(0);

		// A writer in the middle of a transaction: a RESTART would find the write lock taken.
		const writer = new Database(path);
		opened.push(writer);
		writer.exec('begin immediate');
		expect(checkpointer.checkpoint().busy).toBe(0);
		writer.exec('rollback');

		commitAuditRows(db, commits);
		writer.exec('begin immediate');
		expect(checkpointer.checkpoint().busy).toBe(1);
		writer.exec('rollback');
	});

	it('reports failures once, creates no database, and carries on once there is one', async () => {
		const errors: unknown[] = [];
		let recoveries = 0;
		const checkpointer = startWalCheckpoints(path, {
			everyMs: 10,
			onError: (error) => errors.push(error),
			onRecovered: () => recoveries++
		});
		opened.push({ close: checkpointer.stop });
		await vi.waitFor(() => expect(errors).toHaveLength(1));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(errors).toHaveLength(1);
		expect(existsSync(path)).toBe(false);

		commitAuditRows(open(true), 10);
		await vi.waitFor(() => expect(recoveries).toBe(1));
		expect(errors).toHaveLength(1);
	});
});
