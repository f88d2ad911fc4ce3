import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder, migrationState } from './migrations';
import { openDatabase } from './open';

describe('migrations', () => {
	it('match the schema: generating from schema.ts adds nothing', () => {
		const copy = join(mkdtempSync(join(tmpdir(), 'checkpoint-drift-')), 'drizzle');
		cpSync(migrationsFolder, copy, { recursive: true });
		const output = execFileSync(
			'npx',
			[
				'drizzle-kit',
				'generate',
				'--dialect=sqlite',
				'--casing=snake_case',
				'--schema=./src/lib/server/db/schema.ts',
				// drizzle-kit reads --out relative to the working directory.
				`--out=${relative(process.cwd(), copy)}`
			],
			{ encoding: 'utf8' }
		);
		expect(output).toContain('No schema changes');
		expect(readdirSync(copy)).toEqual(readdirSync(migrationsFolder));
	}, 30_000);

	it('counts what a database has applied and what it has not', () => {
		const fresh = new Database(':memory:');
		const all = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length;
		expect(migrationState(fresh)).toEqual({ applied: 0, pending: all });
		const migrated = openDatabase(':memory:');
		expect(migrationState(migrated.$client)).toEqual({ applied: all, pending: 0 });
	});
});
