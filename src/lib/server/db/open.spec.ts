import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './open';
import { user } from './schema';

describe('opening the database', () => {
	it('sets WAL, foreign keys, busy timeout and synchronous=NORMAL on a brand-new file', () => {
		const path = join(mkdtempSync(join(tmpdir(), 'checkpoint-')), 'fresh.db');
		const db = openDatabase(path);
		const pragma = (name: string) => db.$client.pragma(name, { simple: true });
		expect(pragma('journal_mode')).toBe('wal');
		expect(pragma('foreign_keys')).toBe(1);
		expect(pragma('busy_timeout')).toBe(5000);
		expect(pragma('synchronous')).toBe(1);
		db.$client.close();
	});

	it('applies every migration', () => {
		const db = openDatabase(':memory:');
		const tables = db.$client
			.prepare("select name from sqlite_master where type = 'table'")
			.all()
			.map((row) => (row as { name: string }).name);
		expect(tables).toEqual(
			expect.arrayContaining(['user', 'session', 'participant', 'activation_code'])
		);
	});
});

describe('reusing compiled statements', () => {
	it('compiles a query once and still answers with rows as objects after Drizzle used it raw', () => {
		const db = openDatabase(':memory:');
		db.insert(user)
			.values({ id: 'u1', username: 'sam', displayName: 'Sam', role: 'participant' })
			.run();
		const source = 'select username from user where id = ?';
		const first = db.$client.prepare(source);
		expect(first.raw().get('u1')).toEqual(['sam']);
		const again = db.$client.prepare(source);
		expect(again).toBe(first);
		expect(again.get('u1')).toEqual({ username: 'sam' });
	});

	it('compiles a fresh statement while the cached one is still stepping through rows', () => {
		const db = openDatabase(':memory:');
		const source = "select name from sqlite_master where type = 'table'";
		const iterating = db.$client.prepare(source);
		const rows = iterating.iterate();
		rows.next();
		const meanwhile = db.$client.prepare(source);
		expect(meanwhile).not.toBe(iterating);
		expect(meanwhile.all().length).toBeGreaterThan(1);
		rows.return?.();
	});

	it('keeps at most the given number of statements', () => {
		const db = openDatabase(':memory:');
		const first = db.$client.prepare('select 1');
		for (let i = 2; i <= 600; i++) db.$client.prepare(`select ${i}`);
		expect(db.$client.prepare('select 1')).not.toBe(first);
		expect(db.$client.prepare('select 600')).toBe(db.$client.prepare('select 600'));
	});
});
