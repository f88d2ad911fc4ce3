import { eq } from 'drizzle-orm';
import { programmeFiguresOf, tallyProgramme, type ProgrammeTallies } from './attendance';
import type { Db } from './db/open';
import * as table from './db/schema';
import { log } from './log';

/**
 * When the coordinator's programme figures are worked out afresh. A small programme's take
 * milliseconds and are worked out on every view. A national one's take seconds, so the last
 * tallies are kept in the database, shared by every server process, and shown with their time:
 * as they are for `freshForMs`, then while they are brought up to date in the background, and
 * after `usableForMs` not at all.
 */
export const keepingPolicy = {
	workedOutEachTimeUnderMs: 250,
	freshForMs: 10 * 60_000,
	usableForMs: 24 * 60 * 60_000
};

type Kept = { workedOutAt: number; tookMs: number; tallies: ProgrammeTallies };

const keptKey = 'programme_attendance';

function readKept(db: Db): Kept | undefined {
	const row = db
		.select({ value: table.appSetting.value })
		.from(table.appSetting)
		.where(eq(table.appSetting.key, keptKey))
		.get();
	return row ? (JSON.parse(row.value) as Kept) : undefined;
}

/** Counts the programme's figures now and keeps them. */
export async function workOutProgrammeFigures(db: Db, now = new Date()): Promise<Kept> {
	const started = performance.now();
	const tallies = await tallyProgramme(db, now);
	const kept = { workedOutAt: now.getTime(), tookMs: performance.now() - started, tallies };
	const value = JSON.stringify(kept);
	db.insert(table.appSetting)
		.values({ key: keptKey, value })
		.onConflictDoUpdate({ target: table.appSetting.key, set: { value } })
		.run();
	return kept;
}

let refreshing: Promise<unknown> | undefined;

/** One refresh at a time in this process; the page never waits for it. */
function refreshInBackground(db: Db, now: Date) {
	refreshing ??= workOutProgrammeFigures(db, now)
		.catch((err) => log.error({ err }, 'Programme figures refresh failed'))
		.finally(() => (refreshing = undefined));
	return refreshing;
}

/**
 * The coordinator's programme figures, and, when they are kept ones, when they were worked out.
 * `refresh` is how stale figures are brought up to date without the page waiting.
 */
export async function keptProgrammeAttendance(
	db: Db,
	now = new Date(),
	{
		policy = keepingPolicy,
		refresh = refreshInBackground
	}: { policy?: typeof keepingPolicy; refresh?: (db: Db, now: Date) => unknown } = {}
) {
	const kept = readKept(db);
	const age = kept ? now.getTime() - kept.workedOutAt : Infinity;
	if (!kept || kept.tookMs < policy.workedOutEachTimeUnderMs || age > policy.usableForMs) {
		const fresh = await workOutProgrammeFigures(db, now);
		return { ...programmeFiguresOf(db, fresh.tallies), kept: null };
	}
	if (age > policy.freshForMs) refresh(db, now);
	return {
		...programmeFiguresOf(db, kept.tallies),
		kept: {
			workedOutAt: new Date(kept.workedOutAt),
			countedAgainAfterMinutes: Math.round(policy.freshForMs / 60_000)
		}
	};
}
