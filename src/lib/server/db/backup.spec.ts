import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit';
import { backupDatabase, checkIntegrity } from './backup';
import { migrationState } from './migrations';
import { openDatabase } from './open';

const actor = { id: 'someone', role: 'coordinator' } as const;
let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'checkpoint-backup-'));
});

function countRows(path: string, action: string) {
	const copy = new Database(path, { readonly: true });
	try {
		return (
			copy.prepare('select count(*) as n from audit_log where action = ?').get(action) as {
				n: number;
			}
		).n;
	} finally {
		copy.close();
	}
}

describe('online backup', () => {
	it('copies a database that another connection is writing to, and the copy passes its check', async () => {
		const livePath = join(dir, 'live.db');
		const live = openDatabase(livePath);
		for (let i = 0; i < 2000; i++)
			recordAudit(live, actor, { action: 'seed', detail: 'x'.repeat(200) });
		// The writer holds an open write transaction while the copy starts: the copy must neither
		// wait for it nor include it.
		live.$client.exec('begin immediate');
		recordAudit(live, actor, { action: 'uncommitted' });
		const result = backupDatabase(livePath, join(dir, 'backups'), { keep: 3 });
		live.$client.exec('commit');

		expect(result.integrity).toBe('ok');
		expect(countRows(result.file, 'seed')).toBe(2000);
		expect(countRows(result.file, 'uncommitted')).toBe(0);
		live.$client.close();
	});

	it('keeps the newest copies only, and never the pre-migration ones', () => {
		const livePath = join(dir, 'live.db');
		openDatabase(livePath).$client.close();
		const backups = join(dir, 'backups');
		const times = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map(
			(day) => new Date(`${day}T02:00:00Z`)
		);
		backupDatabase(livePath, backups, { keep: 2, now: times[0] });
		cpSync(join(backups, readdirSync(backups)[0]), join(backups, 'pre-migration-2026-11-30.db'));
		writeFileSync(join(backups, 'notes.txt'), 'kept by hand');
		for (const now of times.slice(1)) backupDatabase(livePath, backups, { keep: 2, now });
		expect(readdirSync(backups).sort()).toEqual([
			'checkpoint-2026-12-03T02-00-00-000Z.db',
			'checkpoint-2026-12-04T02-00-00-000Z.db',
			'notes.txt',
			'pre-migration-2026-11-30.db'
		]);
		expect(() => backupDatabase(livePath, backups, { keep: 0 })).toThrow(/keep/);
	});

	it('refuses to start when the database does not exist, and creates nothing', () => {
		expect(() =>
			backupDatabase(join(dir, 'missing.db'), join(dir, 'backups'), { keep: 2 })
		).toThrow();
		expect(readdirSync(dir)).toEqual(['backups']);
		expect(readdirSync(join(dir, 'backups'))).toEqual([]);
	});
});

describe('upgrading', () => {
	/** The real migrations plus one more, as the next release would bring. */
	function folderWithNewMigration() {
		const folder = join(dir, 'drizzle');
		cpSync('drizzle', folder, { recursive: true });
		const journalPath = join(folder, 'meta', '_journal.json');
		const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
		const last = journal.entries.at(-1);
		journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_next' });
		writeFileSync(journalPath, JSON.stringify(journal));
		writeFileSync(join(folder, '9999_next.sql'), 'CREATE TABLE `next_release` (`id` text);');
		return folder;
	}

	it('copies a database that holds data before applying new migrations', () => {
		const path = join(dir, 'app.db');
		const backups = join(dir, 'backups');
		const before = openDatabase(path, { backupDirectory: backups });
		recordAudit(before, actor, { action: 'before.upgrade' });
		before.$client.close();
		expect(readdirSync(dir)).not.toContain('backups');

		const after = openDatabase(path, {
			backupDirectory: backups,
			migrations: folderWithNewMigration()
		});
		expect(migrationState(after.$client, join(dir, 'drizzle')).pending).toBe(0);
		const [copy] = readdirSync(backups);
		expect(copy).toMatch(/^pre-migration-.*\.db$/);
		const copyPath = join(backups, copy);
		expect(checkIntegrity(copyPath)).toBe('ok');
		expect(countRows(copyPath, 'before.upgrade')).toBe(1);
		const old = new Database(copyPath, { readonly: true });
		expect(
			old.prepare("select name from sqlite_master where name = 'next_release'").get()
		).toBeUndefined();
		old.close();

		after.$client.close();
		openDatabase(path, {
			backupDirectory: backups,
			migrations: join(dir, 'drizzle')
		}).$client.close();
		expect(readdirSync(backups)).toHaveLength(1);
	});
});
