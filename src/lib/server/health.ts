import type { Logger } from 'pino';
import { migrationsFolder as defaultMigrationsFolder, migrationState } from './db/migrations';
import type { Connection } from './db/open';

/** The probes' routes: they need no sign-in, and their requests are logged only at debug level. */
export const probeRoutes = new Set(['/healthz', '/readyz']);

/** `reason` is for the probe's answer; `cause`, the error behind it, is for the server's log only. */
export type Readiness = { ready: true } | { ready: false; reason: string; cause?: unknown };

/**
 * Whether this server can do its work: the database reads, takes a write, and has every migration
 * in `migrationsFolder` applied. A few statements, cheap enough for a probe every few seconds.
 * Reasons are short and carry no paths or data.
 */
export function checkReadiness(
	db: Connection,
	migrationsFolder = defaultMigrationsFolder
): Readiness {
	const sqlite = db.$client;
	if (!sqlite.open) return { ready: false, reason: 'database is not open' };
	let pending: number;
	try {
		pending = migrationState(sqlite, migrationsFolder).pending;
	} catch (cause) {
		return { ready: false, reason: 'database cannot be read', cause };
	}
	if (pending > 0) return { ready: false, reason: `${pending} migration(s) not applied` };
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
 * The last answer, for `forMs` after it was worked out: the probe is public, and a flood of
 * requests must not become a flood of writes competing with people's own.
 */
export function reuseReadiness(check: () => Readiness, forMs = 5000, clock = () => Date.now()) {
	let last: { at: number; readiness: Readiness } | undefined;
	return () => {
		const now = clock();
		if (!last || now - last.at >= forMs) last = { at: now, readiness: check() };
		return last.readiness;
	};
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
