import { and, asc, desc, eq, gt, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { isLateAt, windowAt, windowFor } from '../checkin-windows';
import { addDays, isIsoDate, londonDate, londonTime, londonToInstant, weekStart } from '../dates';
import { programmeProgress } from '../programme';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { inBatches, nextTurn } from './batches';
import type { Db } from './db/open';
import { preparedQuery, preparedQueryByShape } from './db/prepared';
import * as table from './db/schema';
import { attendanceOutcomes, type AttendanceOutcome } from './db/schema';
import { toCsv } from './csv';
import { checkLength, fieldError } from './input';
import { sessionState } from './scheduling/state';
import { outcomeFilterLabels, sessionStateLabels } from '../session-states';

/**
 * What a booking amounts to now: a recorded outcome wins; otherwise a check-in counts as
 * attended or late, a closed window without one as missed (not yet reviewed), and anything
 * earlier as upcoming.
 */
export type EffectiveOutcome = AttendanceOutcome | 'missed' | 'upcoming';

type OutcomeInput = {
	type: table.SessionType;
	startsAt: Date;
	bookingStatus: table.BookingStatus;
	outcome: AttendanceOutcome | null;
	checkedInAt: Date | null;
};

export function effectiveOutcome(b: OutcomeInput, now = new Date()): EffectiveOutcome {
	return outcomeAt(
		{ ...b, startsAt: b.startsAt.getTime(), checkedInAt: b.checkedInAt?.getTime() ?? null },
		now.getTime()
	);
}

/** A booking as stored, times in milliseconds: how the caseload and the report read thousands. */
type StoredBooking = {
	type: table.SessionType;
	startsAt: number;
	bookingStatus: table.BookingStatus;
	outcome: AttendanceOutcome | null;
	checkedInAt: number | null;
};

function outcomeAt(b: StoredBooking, now: number): EffectiveOutcome {
	if (b.outcome) return b.outcome;
	if (b.bookingStatus === 'cancelled_by_navigator') return 'cancelled_by_navigator';
	if (b.checkedInAt !== null)
		return isLateAt(b.type, b.startsAt, b.checkedInAt) ? 'late' : 'attended';
	if (now > windowAt(b.type, b.startsAt).closesAt) return 'missed';
	return 'upcoming';
}

/**
 * outcomeAt's "attended" or "late" for an active booking, in SQL: the outcome recorded, or else a
 * check-in. Counts that SQLite tallies must agree with what the caseload and report show.
 */
export const cameToSession = sql`(${table.booking.outcome} in ('attended', 'late') or (${table.booking.outcome} is null and ${table.booking.checkedInAt} is not null))`;

/** The columns of a StoredBooking, for queries read as arrays of values with `outcomeOfValues`. */
const outcomeColumns = {
	type: table.slot.type,
	startsAt: table.slot.startsAt,
	bookingStatus: table.booking.status,
	checkedInAt: table.booking.checkedInAt,
	outcome: table.booking.outcome
};

/** The outcome of a row of values with `outcomeColumns` selected from position `at`. */
function outcomeOfValues(row: unknown[], at: number, now: number): EffectiveOutcome {
	return outcomeAt(
		{
			type: row[at] as table.SessionType,
			startsAt: row[at + 1] as number,
			bookingStatus: row[at + 2] as table.BookingStatus,
			checkedInAt: row[at + 3] as number | null,
			outcome: row[at + 4] as AttendanceOutcome | null
		},
		now
	);
}

export const isAttended = (o: EffectiveOutcome) => o === 'attended' || o === 'late';
export const isMiss = (o: EffectiveOutcome) => o === 'missed' || o === 'missed_unacceptable';

export type AttendanceFilter = {
	navigatorId?: string;
	participantId?: string;
	/** London calendar dates, inclusive. */
	from?: string;
	to?: string;
	type?: table.SessionType;
	outcome?: EffectiveOutcome;
};

type AttendanceCondition = Exclude<keyof AttendanceFilter, 'outcome'>;

const attendanceConditions: Record<AttendanceCondition, SQL> = {
	navigatorId: eq(table.participant.navigatorId, sql.placeholder('navigatorId')),
	participantId: eq(table.booking.participantId, sql.placeholder('participantId')),
	type: eq(table.slot.type, sql.placeholder('type')),
	from: gte(table.slot.startsAt, sql.placeholder('from')),
	to: lt(table.slot.startsAt, sql.placeholder('to'))
};

const attendanceColumns = {
	bookingId: table.booking.id,
	participantId: table.booking.participantId,
	displayName: table.user.displayName,
	reference: table.participant.reference,
	navigatorId: table.participant.navigatorId,
	slotId: table.slot.id,
	title: table.slot.title,
	type: table.slot.type,
	mode: table.slot.mode,
	startsAt: table.slot.startsAt,
	bookingStatus: table.booking.status,
	checkedInAt: table.booking.checkedInAt,
	delayedCheckinReview: table.booking.delayedCheckinReview,
	cantMakeItAt: table.booking.cantMakeItAt,
	outcome: table.booking.outcome,
	outcomeReason: table.booking.outcomeReason,
	outcomeAt: table.booking.outcomeAt
};

/** Bookings the participant did not cancel, with the conditions a shape names. */
function attendanceWhere(shape: string, ...more: SQL[]) {
	return and(
		ne(table.booking.status, 'cancelled_by_participant'),
		...(shape ? shape.split(',') : []).map(
			(name) => attendanceConditions[name as AttendanceCondition]
		),
		...more
	);
}

/** A booking's slot and participant, joined to `db.select(…).from(table.booking).$dynamic()`. */
function joinSlotAndParticipant<Query extends SQLiteSelect>(query: Query) {
	return query
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId));
}

/** As joinSlotAndParticipant, with the participant's name, which the report shows and sorts by. */
function joinAttendance<Query extends SQLiteSelect>(query: Query) {
	return joinSlotAndParticipant(query).innerJoin(
		table.user,
		eq(table.user.id, table.booking.participantId)
	);
}

const attendanceOrder = [desc(table.slot.startsAt), asc(table.user.displayName)];

/** One prepared query for each combination of filters in use, named like `from,navigatorId`. */
const attendanceQuery = preparedQueryByShape((db, shape) =>
	joinAttendance(db.select(attendanceColumns).from(table.booking).$dynamic())
		.where(attendanceWhere(shape))
		.orderBy(...attendanceOrder)
		.prepare()
);

/** As attendanceQuery, with only what an outcome needs, read as arrays of stored values. */
const attendanceFactsQuery = preparedQueryByShape((db, shape) =>
	joinAttendance(
		db
			.select({
				bookingId: table.booking.id,
				participantId: table.booking.participantId,
				...outcomeColumns
			})
			.from(table.booking)
			.$dynamic()
	)
		.where(attendanceWhere(shape))
		.orderBy(...attendanceOrder)
		.prepare()
);

/** The prepared query's shape for a filter, and the values of its placeholders. */
function queryFor(filter: AttendanceFilter) {
	const values: Partial<Record<AttendanceCondition, string | number>> = {
		navigatorId: filter.navigatorId,
		participantId: filter.participantId,
		type: filter.type,
		from: filter.from && londonToInstant(filter.from, '00:00').getTime(),
		to: filter.to && londonToInstant(addDays(filter.to, 1), '00:00').getTime()
	};
	const used = (Object.keys(attendanceConditions) as AttendanceCondition[]).filter(
		(name) => values[name]
	);
	return {
		shape: used.join(','),
		values: Object.fromEntries(used.map((name) => [name, values[name]]))
	};
}

/**
 * Bookings (not those the participant cancelled) with their outcome. With navigatorId, only
 * participants on that navigator's caseload now, so a reassignment counts from the next request.
 */
export function listAttendance(db: Db, filter: AttendanceFilter, now = new Date()) {
	const { shape, values } = queryFor(filter);
	const rows = attendanceQuery(db, shape)
		.all(values)
		.map((r) => ({ ...r, effective: effectiveOutcome(r, now), state: sessionState(r, now) }));
	return filter.outcome ? rows.filter((r) => r.effective === filter.outcome) : rows;
}

/**
 * listAttendance's bookings, in the same order, with only what the report's figures, chart,
 * paging and audit need: a quarter of a full caseload is thousands of bookings, and reading
 * each in full cost more than the rest of the page. `attendanceRowsOf` reads the rows shown.
 */
export function attendanceFacts(db: Db, filter: AttendanceFilter, now = new Date()) {
	const { shape, values } = queryFor(filter);
	const facts: {
		bookingId: string;
		participantId: string;
		startsAt: number;
		effective: EffectiveOutcome;
	}[] = [];
	for (const row of attendanceFactsQuery(db, shape).values(values)) {
		const [bookingId, participantId, , startsAt] = row as [string, string, unknown, number];
		const effective = outcomeOfValues(row, 2, now.getTime());
		if (!filter.outcome || effective === filter.outcome)
			facts.push({ bookingId, participantId, startsAt, effective });
	}
	return facts;
}

/** listAttendance's rows for these bookings of the navigator's caseload, in the order given. */
export function attendanceRowsOf(
	db: Db,
	navigatorId: string,
	bookingIds: string[],
	now = new Date()
) {
	if (bookingIds.length === 0) return [];
	const byId = new Map(
		joinAttendance(db.select(attendanceColumns).from(table.booking).$dynamic())
			.where(attendanceWhere('', inArray(table.booking.id, bookingIds)))
			.all()
			// Checked here, not in SQL: given the caseload there, SQLite reads every booking of it.
			.filter((r) => r.navigatorId === navigatorId)
			.map((r) => [
				r.bookingId,
				{ ...r, effective: effectiveOutcome(r, now), state: sessionState(r, now) }
			])
	);
	return bookingIds.flatMap((id) => byId.get(id) ?? []);
}

export type AttendanceRow = ReturnType<typeof listAttendance>[number];

export type Figures = {
	booked: number;
	attended: number;
	late: number;
	missed: number;
	missedAcceptable: number;
	/** Attended (or late) of the sessions that count: acceptable absences do not count against. */
	rate: number | null;
};

/** How many bookings have each outcome. */
type Tally = Record<EffectiveOutcome, number>;

const emptyTally = (): Tally => ({
	attended: 0,
	late: 0,
	missed_acceptable: 0,
	missed_unacceptable: 0,
	cancelled_by_navigator: 0,
	missed: 0,
	upcoming: 0
});

/** Figures over past sessions only (upcoming and navigator-cancelled ones are left out). */
function figuresOf(tally: Tally): Figures {
	const attended = tally.attended + tally.late;
	const missedAcceptable = tally.missed_acceptable;
	const booked = attended + tally.missed + tally.missed_unacceptable + missedAcceptable;
	const counted = booked - missedAcceptable;
	return {
		booked,
		attended,
		late: tally.late,
		missed: tally.missed + tally.missed_unacceptable,
		missedAcceptable,
		rate: counted > 0 ? Math.round((attended / counted) * 100) : null
	};
}

export function figures(rows: Pick<AttendanceRow, 'effective'>[]): Figures {
	const tally = emptyTally();
	for (const r of rows) tally[r.effective]++;
	return figuresOf(tally);
}

/** Misses since the last attended session, newest first; acceptable absences neither count nor break the run. */
export function missesInARow(rows: { effective: EffectiveOutcome; startsAt: number }[]): number {
	const past = rows
		.filter((r) => r.effective !== 'upcoming')
		.sort((a, b) => b.startsAt - a.startsAt);
	let run = 0;
	for (const r of past) {
		if (isMiss(r.effective)) run++;
		else if (isAttended(r.effective)) break;
	}
	return run;
}

export type ParticipantSummary = ReturnType<typeof summarise>;

/** What a summary needs of a booking, times in milliseconds. */
type SummaryFact = {
	title: string;
	startsAt: number;
	bookingStatus: table.BookingStatus;
	checkedInAt: number | null;
	effective: EffectiveOutcome;
};

function summarise(rows: SummaryFact[], now: Date) {
	let next: SummaryFact | undefined;
	let lastContact = -Infinity;
	let lastCheckin = -Infinity;
	for (const r of rows) {
		if (
			r.bookingStatus === 'booked' &&
			r.startsAt > now.getTime() &&
			!(next && next.startsAt <= r.startsAt)
		)
			next = r;
		if (isAttended(r.effective)) lastContact = Math.max(lastContact, r.checkedInAt ?? r.startsAt);
		if (r.checkedInAt !== null) lastCheckin = Math.max(lastCheckin, r.checkedInAt);
	}
	const dateOrNull = (ms: number | undefined) =>
		ms === undefined || ms === -Infinity ? null : new Date(ms);
	return {
		figures: figures(rows),
		missesInARow: missesInARow(rows),
		nextBookingAt: dateOrNull(next?.startsAt),
		nextBookingTitle: next?.title ?? null,
		lastContactAt: dateOrNull(lastContact),
		lastCheckinAt: dateOrNull(lastCheckin)
	};
}

const caseloadPeople = preparedQuery((db) =>
	db
		.select({
			id: table.user.id,
			displayName: table.user.displayName,
			reference: table.participant.reference,
			contractStart: table.participant.contractStart,
			contractEnd: table.participant.contractEnd,
			status: table.participant.status,
			active: table.user.active
		})
		.from(table.participant)
		.innerJoin(table.user, eq(table.user.id, table.participant.userId))
		.where(eq(table.participant.navigatorId, sql.placeholder('navigatorId')))
		.orderBy(asc(table.user.displayName))
		.prepare()
);

/**
 * Only what a caseload summary needs, unsorted and read as arrays of stored values: a caseload's
 * whole history runs to thousands of bookings, and making objects and Dates of each cost as much
 * as reading them.
 */
const caseloadBookings = preparedQuery((db) =>
	joinSlotAndParticipant(
		db
			.select({
				participantId: table.booking.participantId,
				title: table.slot.title,
				...outcomeColumns
			})
			.from(table.booking)
			.$dynamic()
	)
		.where(attendanceWhere('navigatorId'))
		.prepare()
);

/** The navigator's caseload with attendance figures, by name. */
export function caseloadAttendance(db: Db, navigatorId: string, now = new Date()) {
	const people = caseloadPeople(db).all({ navigatorId });
	const rowsOf = new Map<string, SummaryFact[]>();
	for (const row of caseloadBookings(db).values({ navigatorId })) {
		const [participantId, title, , startsAt, bookingStatus, checkedInAt] = row as [
			string,
			string,
			unknown,
			number,
			table.BookingStatus,
			number | null
		];
		const fact = {
			title,
			startsAt,
			bookingStatus,
			checkedInAt,
			effective: outcomeOfValues(row, 2, now.getTime())
		};
		const own = rowsOf.get(participantId);
		if (own) own.push(fact);
		else rowsOf.set(participantId, [fact]);
	}
	const today = londonDate(now);
	return people.map((p) => {
		const summary = summarise(rowsOf.get(p.id) ?? [], now);
		const progress = programmeProgress(p.contractStart, p.contractEnd, today);
		return { ...p, ...summary, progress };
	});
}

/** One participant's history and figures (the caller checks who may see it). */
export function participantAttendance(db: Db, participantId: string, now = new Date()) {
	const rows = listAttendance(db, { participantId }, now);
	const facts = rows.map((r) => ({
		...r,
		startsAt: r.startsAt.getTime(),
		checkedInAt: r.checkedInAt?.getTime() ?? null
	}));
	return { rows, ...summarise(facts, now) };
}

/**
 * A navigator records or corrects an outcome for a booking of their own caseload. Each change
 * keeps what it replaced, who and when, in outcome_change.
 */
export function recordOutcome(
	db: Db,
	navigatorId: string,
	input: { bookingId: string; outcome: string; reason: string },
	now = new Date()
) {
	const outcome = input.outcome as AttendanceOutcome;
	if (!attendanceOutcomes.includes(outcome)) fieldError('outcome', 'Choose what happened.');
	const reason = input.reason.trim();
	if (outcome === 'missed_acceptable' && !reason)
		fieldError('reason', 'Give the reason the absence was acceptable.');
	if (reason) checkLength('reason', reason, 'the reason', 500);

	return db.transaction(
		(tx) => {
			const b = tx
				.select({
					id: table.booking.id,
					participantId: table.booking.participantId,
					bookingStatus: table.booking.status,
					outcome: table.booking.outcome,
					checkedInAt: table.booking.checkedInAt,
					type: table.slot.type,
					startsAt: table.slot.startsAt
				})
				.from(table.booking)
				.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
				.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
				.where(
					and(
						eq(table.booking.id, input.bookingId),
						eq(table.participant.navigatorId, navigatorId),
						inArray(table.booking.status, ['booked', 'cancelled_by_navigator'])
					)
				)
				.get();
			if (!b) fieldError('bookingId', 'That session is not on your caseload.');
			if (now < windowFor(b.type, b.startsAt).opensAt)
				fieldError('outcome', 'You can record what happened once the session has started.');
			const previous = effectiveOutcome(b, now);
			tx.insert(table.outcomeChange)
				.values({
					bookingId: b.id,
					previousOutcome: previous === 'missed' || previous === 'upcoming' ? null : previous,
					newOutcome: outcome,
					reason: reason || null,
					changedBy: navigatorId,
					changedAt: now
				})
				.run();
			tx.update(table.booking)
				.set({ outcome, outcomeReason: reason || null, outcomeBy: navigatorId, outcomeAt: now })
				.where(eq(table.booking.id, b.id))
				.run();
			return { participantId: b.participantId, previous, outcome };
		},
		{ behavior: 'immediate' }
	);
}

export type OutcomeChange = {
	previousOutcome: AttendanceOutcome | null;
	newOutcome: AttendanceOutcome;
	reason: string | null;
	changedAt: Date;
	changedBy: string;
};

/**
 * The outcome changes of each booking, newest first, in one query for a whole page of the
 * report. Every booking asked about has an entry, empty when its outcome was never changed.
 */
export function outcomeHistories(db: Db, bookingIds: string[]) {
	const histories = new Map<string, OutcomeChange[]>(bookingIds.map((id) => [id, []]));
	if (bookingIds.length === 0) return histories;
	const changes = db
		.select({
			bookingId: table.outcomeChange.bookingId,
			previousOutcome: table.outcomeChange.previousOutcome,
			newOutcome: table.outcomeChange.newOutcome,
			reason: table.outcomeChange.reason,
			changedAt: table.outcomeChange.changedAt,
			changedBy: table.user.displayName
		})
		.from(table.outcomeChange)
		.innerJoin(table.user, eq(table.user.id, table.outcomeChange.changedBy))
		.where(inArray(table.outcomeChange.bookingId, bookingIds))
		.orderBy(desc(table.outcomeChange.changedAt), desc(table.outcomeChange.id))
		.all();
	for (const { bookingId, ...change } of changes) histories.get(bookingId)?.push(change);
	return histories;
}

/** Attended and missed per week, oldest first, for the chart and its table. */
export function attendanceByWeek(rows: { effective: EffectiveOutcome; startsAt: number }[]) {
	const weeks = new Map<
		string,
		{ week: string; attended: number; missed: number; excused: number }
	>();
	// A quarter's report has thousands of rows on a few dozen days: work out each day's week once.
	const weekOfDay = new Map<string, string>();
	for (const r of rows) {
		if (r.effective === 'upcoming' || r.effective === 'cancelled_by_navigator') continue;
		const day = londonDate(new Date(r.startsAt));
		let key = weekOfDay.get(day);
		if (!key) {
			key = weekStart(day);
			weekOfDay.set(day, key);
		}
		const w = weeks.get(key) ?? { week: key, attended: 0, missed: 0, excused: 0 };
		if (isAttended(r.effective)) w.attended++;
		else if (isMiss(r.effective)) w.missed++;
		else w.excused++;
		weeks.set(key, w);
	}
	return [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
}

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

const effectiveOutcomes = Object.keys(outcomeFilterLabels) as EffectiveOutcome[];

/** The report's filters from a query string; anything unusable falls back to the default. */
export function parseAttendanceFilter(params: URLSearchParams, now = new Date()) {
	const today = londonDate(now);
	const date = (name: string, fallback: string) => {
		const value = params.get(name) ?? '';
		return isIsoDate(value) ? value : fallback;
	};
	let from = date('from', addDays(today, -42));
	let to = date('to', today);
	if (from > to) [from, to] = [to, from];
	const type = params.get('type') ?? '';
	const outcome = params.get('outcome') ?? '';
	return {
		from,
		to,
		participantId: params.get('participant') || undefined,
		type: (table.sessionTypes as readonly string[]).includes(type)
			? (type as table.SessionType)
			: undefined,
		outcome: (effectiveOutcomes as string[]).includes(outcome)
			? (outcome as EffectiveOutcome)
			: undefined
	};
}

export const sessionTypeLabels: Record<table.SessionType, string> = {
	one_to_one: 'One-to-one',
	group: 'Group',
	partner: 'Partner appointment',
	volunteering: 'Volunteering'
};

export function attendanceCsv(rows: AttendanceRow[]) {
	return toCsv(
		[
			'Date',
			'Time',
			'Participant',
			'Reference',
			'Session',
			'Type',
			'Outcome',
			'Checked in',
			'Reason'
		],
		rows.map((r) => [
			londonDate(r.startsAt),
			londonTime(r.startsAt),
			r.displayName,
			r.reference,
			r.title,
			sessionTypeLabels[r.type],
			sessionStateLabels[r.state.key],
			r.checkedInAt ? londonTime(r.checkedInAt) : '',
			r.outcomeReason ?? ''
		])
	);
}
