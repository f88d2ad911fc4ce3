import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { addDays, isIsoDate, londonDate, londonTime, londonToInstant } from '../../dates';
import { outcomeFilterLabels, sessionStateLabels } from '../../session-states';
import { sessionTypeConfig } from '../../session-types';
import { toCsv } from '../csv';
import type { Db } from '../db/open';
import { preparedQueryByShape } from '../db/prepared';
import * as table from '../db/schema';
import { sessionState } from '../scheduling/state';
import {
	attendanceConditions,
	attendanceWhere,
	joinSlotAndParticipant,
	type AttendanceCondition,
	type AttendanceFilter
} from './bookings';
import {
	effectiveOutcome,
	outcomeColumns,
	outcomeOfValues,
	type EffectiveOutcome
} from './outcome';

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
			sessionTypeConfig[r.type].reportLabel,
			sessionStateLabels[r.state.key],
			r.checkedInAt ? londonTime(r.checkedInAt) : '',
			r.outcomeReason ?? ''
		])
	);
}
