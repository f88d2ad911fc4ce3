import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './open';

describe('opening the database', () => {
	it('sets WAL, foreign keys, busy timeout and synchronous=NORMAL on a brand-new file', () => {
		const path = join(mkdtempSync(join(tmpdir(), 'checkpoint-')), 'fresh.db');
		const db = openDatabase(path);
		const pragma = (name: string) => db.$client.pragma(name, { simple: true });
		expect(pragma('journal_mode')).toBe('wal');
		expect(pragma('foreign_keys')).toBe(1);
		expect(pragma('busy_timeout')).toBe(5000);
		expect(pragma('synchronous')).toBe(1);
		expect(pragma('journal_size_limit')).toBe(64 * 1024 * 1024);
		db.$client.close();
	});

	it('applies every migration', () => {
		const db = openDatabase(':memory:');
		const tables = db.$client
			.prepare("select name from sqlite_master where type = 'table'")
			.all()
			.map((row) => (row as { name: string }).name);
		expect(tables).toEqual(
			expect.arrayContaining(['user', 'sign_in', 'participant', 'activation_code'])
		);
	});
});
