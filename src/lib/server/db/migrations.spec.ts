import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedPeople } from '$fixtures/people';
import { validateSignInToken } from '../auth/sign-in';
import { wellbeingTrend } from '../support/wellbeing';
import { migrationsFolder, migrationState } from './migrations';
import { openDatabase } from './open';

/** The real migrations as a release before `tag` shipped them: the journal stops short of it. */
function migrationsBefore(tag: string) {
	const folder = join(mkdtempSync(join(tmpdir(), 'checkpoint-earlier-')), 'drizzle');
	cpSync(migrationsFolder, folder, { recursive: true });
	const journalPath = join(folder, 'meta', '_journal.json');
	const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
	const at = journal.entries.findIndex((entry: { tag: string }) => entry.tag === tag);
	expect(at).toBeGreaterThan(0);
	journal.entries = journal.entries.slice(0, at);
	writeFileSync(journalPath, JSON.stringify(journal));
	return folder;
}

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

describe('upgrading in place', () => {
	it('keeps sign-ins and wellbeing answers made before their tables were renamed', () => {
		const dir = mkdtempSync(join(tmpdir(), 'checkpoint-rename-'));
		const path = join(dir, 'app.db');
		const options = { backupDirectory: join(dir, 'backups') };
		const now = new Date('2026-12-01T10:00:00Z');

		const before = openDatabase(path, {
			...options,
			migrations: migrationsBefore('0016_rename_sign_in_and_wellbeing')
		});
		seedPeople(before);
		const secret = 'secretheldbythephone';
		before.$client
			.prepare(
				`insert into session (id, secret_hash, user_id, created_at, last_seen_at, expires_at)
				 values ('phone', ?, 'p1', ?, ?, ?)`
			)
			.run(
				createHash('sha256').update(secret).digest('hex'),
				now.getTime() - 60_000,
				now.getTime() - 60_000,
				now.getTime() + 86_400_000
			);
		before.$client
			.prepare(
				`insert into wellbeing_check_in (id, participant_id, week, score, help_with, concerns_safety, created_at)
				 values ('week-3', 'p1', 3, 2, 'housing', 1, ?)`
			)
			.run(now.getTime() - 3_600_000);
		before.$client.close();

		const after = openDatabase(path, options);
		const signedIn = validateSignInToken(after, `phone.${secret}`, now);
		expect(signedIn?.user.id).toBe('p1');
		expect(wellbeingTrend(after, 'p1')).toMatchObject([
			{ week: 3, score: 2, helpWith: ['housing'], concernsSafety: true }
		]);
		const names = after.$client
			.prepare("select name from sqlite_master where type in ('table', 'index') order by name")
			.pluck()
			.all();
		expect(names).toEqual(
			expect.arrayContaining([
				'sign_in',
				'sign_in_user_idx',
				'wellbeing_answer',
				'wellbeing_answer_week_idx',
				'wellbeing_answer_safety_idx'
			])
		);
		expect(names.filter((name) => /session|wellbeing_check_in/.test(String(name)))).toEqual([]);
		after.$client.close();
	});
});
