import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from './db/open';

/** The probes' routes: they need no session, and their requests are logged only at debug level. */
export const probeRoutes = new Set(['/healthz', '/readyz']);

/** `reason` is for the probe's answer; `cause`, the error behind it, is for the server's log only. */
export type Readiness = { ready: true } | { ready: false; reason: string; cause?: unknown };

const journals = new Map<string, number[]>();

/** When each migration in the folder was made: Drizzle records that time once it applies one. */
function migrationTimes(folder: string) {
	let times = journals.get(folder);
	if (!times) {
		const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
			entries: { when: number }[];
		};
		times = journal.entries.map((entry) => entry.when);
		journals.set(folder, times);
	}
	return times;
}

/**
 * Whether this server can do its work: the database reads, takes a write, and has every migration
 * in `migrationsFolder` applied. A few statements, cheap enough for a probe every few seconds.
 * Reasons are short and carry no paths or data.
 */
export function checkReadiness(db: Db, migrationsFolder = resolve('drizzle')): Readiness {
	const sqlite = db.$client;
	if (!sqlite.open) return { ready: false, reason: 'database is not open' };
	let applied: Set<number>;
	try {
		applied = new Set(
			sqlite
				.prepare('select created_at from __drizzle_migrations')
				.pluck()
				.all()
				.map((at) => Number(at))
		);
	} catch (cause) {
		return { ready: false, reason: 'database cannot be read', cause };
	}
	// Drizzle applies only migrations newer than the last one applied, so one made earlier but
	// merged later would be skipped silently: each must be present, not just the newest.
	const missing = migrationTimes(migrationsFolder).filter((when) => !applied.has(when)).length;
	if (missing > 0) return { ready: false, reason: `${missing} migration(s) not applied` };
	try {
		// A committed write, not BEGIN IMMEDIATE and ROLLBACK: taking the lock writes nothing, so a
		// full disk or a write-ahead log that cannot grow would still pass. One row, overwritten.
		sqlite
			.prepare(
				`insert into app_setting (key, value) values ('readiness_checked_at', ?)
				 on conflict (key) do update set value = excluded.value`
			)
			.run(new Date().toISOString());
	} catch (cause) {
		return { ready: false, reason: 'database cannot be written', cause };
	}
	return { ready: true };
}

/**
 * Logs when readiness changes, with the error behind a failure, rather than on every probe: a
 * probe every few seconds would repeat the same warning all night.
 */
export function readinessLogger(logger: Logger) {
	let lastReason: string | undefined;
	return (readiness: Readiness) => {
		const reason = readiness.ready ? undefined : readiness.reason;
		if (reason === lastReason) return;
		if (readiness.ready) logger.info('Ready again');
		else logger.warn({ err: readiness.cause, reason: readiness.reason }, 'Not ready');
		lastReason = reason;
	};
}
