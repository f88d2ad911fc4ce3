/**
 * Restore drill: a backup taken with `node build/cli.js backup` while the server is under a burst
 * of writes, restored into a new folder and started there, holds every write acknowledged before
 * the backup began and passes its integrity check. Usage: npm run build && npx tsx scripts/restore-drill.ts
 */
import Database from 'better-sqlite3';
import { execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
	burstWriters,
	freePort,
	seedForBurst,
	signalEveryProcess,
	signIn,
	signInForBurst,
	startServer,
	stopped,
	waitUntilUp,
	type BurstWriter
} from './crash-test';

export type RestoreReport = {
	acknowledgedBeforeBackup: number;
	acknowledgedDuringBackup: number;
	missingFromRestore: string[];
	integrity: string;
	restoredServerSignsIn: boolean;
};

export async function restoreDrill({ writesBeforeBackup = 40, inFlight = 4 } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'checkpoint-restore-'));
	const livePath = join(dir, 'live', 'checkpoint.db');
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const live = await seedForBurst(livePath, port);
	let server: ChildProcess = live;
	try {
		const client = await signInForBurst(origin, live.ids, live.burstSessions);

		const acknowledged: { writer: BurstWriter; key: string }[] = [];
		let next = 0;
		let writing = true;
		const worker = async () => {
			while (writing) {
				const i = next++;
				const writer = burstWriters[i % burstWriters.length];
				const key = await writer.send(client, i);
				if (key) acknowledged.push({ writer, key });
			}
		};
		const workers = Promise.all(Array.from({ length: inFlight }, worker));
		while (acknowledged.length < writesBeforeBackup) await new Promise((r) => setTimeout(r, 20));

		const beforeBackup = acknowledged.slice();
		const backupDir = join(dir, 'backups');
		await promisify(execFile)('node', ['build/cli.js', 'backup'], {
			env: { ...process.env, DATABASE_PATH: livePath, BACKUP_DIR: backupDir }
		});
		const duringBackup = acknowledged.length - beforeBackup.length;
		writing = false;
		await workers;
		signalEveryProcess(server, 'SIGTERM');
		await stopped(server);

		const [backup] = readdirSync(backupDir);
		const restoredPath = join(dir, 'restored', 'checkpoint.db');
		mkdirSync(join(dir, 'restored'));
		copyFileSync(join(backupDir, backup), restoredPath);
		server = startServer(restoredPath, port);
		await waitUntilUp(origin);
		const restoredServerSignsIn = await signIn(origin, 'participant1').then(
			() => true,
			() => false
		);
		signalEveryProcess(server, 'SIGTERM');
		await stopped(server);

		const db = new Database(restoredPath, { readonly: true });
		const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
			.map((r) => r.integrity_check)
			.join('\n');
		const missingFromRestore = beforeBackup
			.filter(({ writer, key }) => !writer.isStored(db, key))
			.map(({ writer, key }) => `${writer.name}: ${key}`);
		db.close();
		return {
			acknowledgedBeforeBackup: beforeBackup.length,
			acknowledgedDuringBackup: duringBackup,
			missingFromRestore,
			integrity,
			restoredServerSignsIn
		} satisfies RestoreReport;
	} finally {
		if (server.exitCode === null && server.signalCode === null)
			signalEveryProcess(server, 'SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv[1]?.endsWith('restore-drill.ts')) {
	const report = await restoreDrill();
	console.log(report);
	process.exit(
		report.integrity === 'ok' &&
			report.missingFromRestore.length === 0 &&
			report.restoredServerSignsIn
			? 0
			: 1
	);
}
