import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReadiness, readinessLogger, reuseReadiness } from './health';
import { createLogger } from './log';
import { openDatabase, type Connection } from './db/open';
import * as schema from './db/schema';
import { createTestDb } from '$fixtures/test-db';

describe('readiness', () => {
	const folders: string[] = [];
	afterEach(() => {
		for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
	});
	function fileDatabasePath() {
		const folder = mkdtempSync(join(tmpdir(), 'checkpoint-ready-'));
		folders.push(folder);
		return join(folder, 'ready.db');
	}

	it('is ready on a migrated database, and the check leaves one row behind however often it runs', () => {
		const db = createTestDb();
		expect(checkReadiness(db)).toEqual({ ready: true });
		expect(checkReadiness(db)).toEqual({ ready: true });
		const rows = db.$client
			.prepare("select count(*) from app_setting where key = 'readiness_checked_at'")
			.pluck()
			.get();
		expect(rows).toBe(1);
	});

	it('is not ready while a migration is missing, even one older than the newest applied', () => {
		const db = createTestDb();
		db.$client.exec(
			'delete from __drizzle_migrations where created_at = (select min(created_at) from __drizzle_migrations)'
		);
		expect(checkReadiness(db)).toEqual({ ready: false, reason: '1 migration(s) not applied' });
	});

	it('is not ready once the database is closed', () => {
		const db = createTestDb();
		db.$client.close();
		expect(checkReadiness(db)).toEqual({ ready: false, reason: 'database is not open' });
	});

	it('is not ready when the database can be read but not written', () => {
		const path = fileDatabasePath();
		openDatabase(path).$client.close();
		const readOnly = new Database(path, { readonly: true });
		const db = drizzle(readOnly, { schema, casing: 'snake_case' }) as Connection;
		expect(checkReadiness(db)).toMatchObject({
			ready: false,
			reason: 'database cannot be written'
		});
		readOnly.close();
	});

	it('is not ready on a database that was never migrated', () => {
		const db = drizzle(new Database(':memory:'), { schema, casing: 'snake_case' }) as Connection;
		const all = readdirSync('drizzle').filter((file) => file.endsWith('.sql')).length;
		expect(checkReadiness(db)).toEqual({
			ready: false,
			reason: `${all} migration(s) not applied`
		});
	});

	it('is not ready when the database cannot be read', () => {
		const path = fileDatabasePath();
		writeFileSync(path, 'not a database, but a file of the same name '.repeat(100));
		const db = drizzle(new Database(path), { schema, casing: 'snake_case' }) as Connection;
		expect(checkReadiness(db)).toMatchObject({ ready: false, reason: 'database cannot be read' });
	});

	it('is logged when it changes, with the error behind a failure, not on every probe', () => {
		const lines: Record<string, unknown>[] = [];
		const logChange = readinessLogger(
			createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) })
		);
		const db = createTestDb();
		logChange(checkReadiness(db));
		db.$client.close();
		logChange(checkReadiness(db));
		logChange(checkReadiness(db));
		expect(lines).toEqual([
			expect.objectContaining({ level: 'warn', msg: 'Not ready', reason: 'database is not open' })
		]);

		const path = fileDatabasePath();
		openDatabase(path).$client.close();
		const readOnly = new Database(path, { readonly: true });
		logChange(checkReadiness(drizzle(readOnly, { schema, casing: 'snake_case' }) as Connection));
		expect(lines[1]).toMatchObject({
			reason: 'database cannot be written',
			err: { message: expect.stringContaining('readonly') }
		});
		readOnly.close();

		logChange(checkReadiness(createTestDb()));
		logChange(checkReadiness(createTestDb()));
		expect(lines.slice(2)).toEqual([
			expect.objectContaining({ level: 'info', msg: 'Ready again' })
		]);
	});

	it('is worked out again only after a few seconds, however often it is asked', () => {
		let now = 0;
		let checks = 0;
		const readiness = reuseReadiness(
			() => {
				checks++;
				return { ready: true };
			},
			5000,
			() => now
		);
		for (let i = 0; i < 100; i++) readiness();
		expect(checks).toBe(1);
		now = 4999;
		readiness();
		expect(checks).toBe(1);
		now = 5000;
		expect(readiness()).toEqual({ ready: true });
		expect(checks).toBe(2);
	});
});
