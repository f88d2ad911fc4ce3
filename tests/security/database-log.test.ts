import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	freePort,
	signalEveryProcess,
	signIn,
	startServer,
	stopped,
	waitUntilUp
} from '../../scripts/crash-test';
import { openDatabase } from '../../src/lib/server/db/open';
import { seedDemo } from '../../scripts/seed/demo';

/**
 * Audit rows as the database file itself holds them, without its write-ahead log: what a copy of
 * the file alone would hold, and what SQLite has copied back. A copy taken while pages are being
 * copied back may be torn, so a failed read counts as nothing yet.
 */
function auditRowsInTheFileItself(databasePath: string, dir: string) {
	const copy = join(dir, `copy-${crypto.randomUUID()}.db`);
	copyFileSync(databasePath, copy);
	try {
		const db = new Database(copy, { readonly: true });
		try {
			return (db.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
		} finally {
			db.close();
		}
	} catch {
		return -1;
	} finally {
		rmSync(copy, { force: true });
	}
}

test('with several server processes, the primary copies the log back into the database within seconds', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'checkpoint-log-'));
	const databasePath = join(dir, 'app.db');
	const seeded = openDatabase(databasePath);
	await seedDemo(seeded);
	const seededRows = (
		seeded.$client.prepare('select count(*) as n from audit_log').get() as { n: number }
	).n;
	seeded.$client.close();

	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const server = startServer(databasePath, port);
	try {
		await waitUntilUp(origin);
		const cookie = await signIn(origin, 'navigator1');
		// One audit row for each participant the caseload shows: a few pages of log, far below
		// the 1,000 at which a server process would copy it back itself.
		const caseload = await fetch(origin + '/navigator/caseload', { headers: { cookie } });
		expect(caseload.status).toBe(200);

		await expect
			.poll(() => auditRowsInTheFileItself(databasePath, dir), { timeout: 5_000 })
			.toBeGreaterThan(seededRows);
	} finally {
		signalEveryProcess(server, 'SIGTERM');
		await stopped(server);
		rmSync(dir, { recursive: true, force: true });
	}
});
