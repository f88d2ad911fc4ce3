import { asc, eq } from 'drizzle-orm';
import { londonDate } from '../../dates';
import { programmeProgress } from '../../programme';
import type { Db } from '../db/open';
import { bound, preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { attendanceWhere, joinSlotAndParticipant } from './bookings';
import { figures, missesInARow } from './figures';
import { isAttended, outcomeColumns, outcomeOfValues, type EffectiveOutcome } from './outcome';
import { listAttendance } from './report';

export type ParticipantSummary = ReturnType<typeof summarise>;

/** What a summary needs of a booking, times in milliseconds. */
type SummaryFact = {
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
		.where(eq(table.participant.navigatorId, bound('navigatorId')))
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
		const [participantId, , startsAt, bookingStatus, checkedInAt] = row as [
			string,
			unknown,
			number,
			table.BookingStatus,
			number | null
		];
		const fact = {
			startsAt,
			bookingStatus,
			checkedInAt,
			effective: outcomeOfValues(row, 1, now.getTime())
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
