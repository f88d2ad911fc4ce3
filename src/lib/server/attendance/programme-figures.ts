import { asc, eq, gt, sql } from 'drizzle-orm';
import { inBatches, nextTurn } from '../batches';
import type { Db } from '../db/open';
import { preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { log } from '../log';
import { attendanceWhere, joinSlotAndParticipant } from './bookings';
import { emptyTally, figuresOf, type Tally } from './figures';
import { outcomeColumns, outcomeOfValues } from './outcome';

/**
 * The next `limit` bookings the programme's figures count after booking rowid `after`, in rowid
 * order, as little of each as an outcome needs.
 */
const programmeBookingsAfter = preparedQuery((db) =>
	joinSlotAndParticipant(
		db
			.select({
				rowid: sql<number>`${table.booking}.rowid`,
				navigatorId: table.participant.navigatorId,
				...outcomeColumns
			})
			.from(table.booking)
			.$dynamic()
	)
		.where(attendanceWhere('', gt(sql`${table.booking}.rowid`, sql.placeholder('after'))))
		.orderBy(sql`${table.booking}.rowid`)
		.limit(sql.placeholder('limit'))
		.prepare()
);

/** How many bookings have each outcome, over the programme, per navigator and per type. */
export type ProgrammeTallies = {
	overall: Tally;
	perNavigator: Record<string, Tally>;
	perType: Record<table.SessionType, Tally>;
};

/**
 * Tallies every booking ever made, two million at national scale: seconds of work. It is done in
 * batches of `batch` bookings, tallied as they come rather than kept, and between batches
 * `pause` lets the server answer everyone else.
 */
export async function tallyProgramme(
	db: Db,
	now = new Date(),
	{ batch = 10_000, pause = nextTurn }: { batch?: number; pause?: () => Promise<void> } = {}
): Promise<ProgrammeTallies> {
	const overall = emptyTally();
	const perNavigator: Record<string, Tally> = {};
	const perType = Object.fromEntries(
		table.sessionTypes.map((type) => [type, emptyTally()])
	) as Record<table.SessionType, Tally>;
	let after = 0;
	const tallyNextBatch = () => {
		const rows = programmeBookingsAfter(db).values({ after, limit: batch });
		for (const row of rows) {
			const [rowid, navigatorId, type] = row as [number, string, table.SessionType];
			const effective = outcomeOfValues(row, 2, now.getTime());
			overall[effective]++;
			perType[type][effective]++;
			(perNavigator[navigatorId] ??= emptyTally())[effective]++;
			after = rowid;
		}
		return rows.length;
	};
	await inBatches(batch, tallyNextBatch, pause);
	return { overall, perNavigator, perType };
}

/** Programme-wide figures for the coordinator from the tallies: per navigator and per type. */
export function programmeFiguresOf(db: Db, tallies: ProgrammeTallies) {
	const navigators = db
		.select({ id: table.user.id, displayName: table.user.displayName })
		.from(table.user)
		.where(eq(table.user.role, 'navigator'))
		.orderBy(asc(table.user.displayName))
		.all();
	return {
		overall: figuresOf(tallies.overall),
		perNavigator: navigators.map((n) => ({
			...n,
			...figuresOf(tallies.perNavigator[n.id] ?? emptyTally())
		})),
		perType: table.sessionTypes.map((type) => ({
			type,
			...figuresOf(tallies.perType[type] ?? emptyTally())
		}))
	};
}

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
