import { inArray, sql } from 'drizzle-orm';
import { isLateAt, windowAt } from '../../checkin-windows';
import * as table from '../db/schema';
import type { AttendanceOutcome } from '../db/schema';

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

/** The columns of a StoredBooking, for queries read as arrays of values with `outcomeOfValues`. */
export const outcomeColumns = {
	type: table.slot.type,
	startsAt: table.slot.startsAt,
	bookingStatus: table.booking.status,
	checkedInAt: table.booking.checkedInAt,
	outcome: table.booking.outcome
};

/** The outcome of a row of values with `outcomeColumns` selected from position `at`. */
export function outcomeOfValues(row: unknown[], at: number, now: number): EffectiveOutcome {
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

/** The outcomes that mean the participant came: outcomeAt reads a check-in not yet reviewed as one. */
const cameOutcomes = ['attended', 'late'] as const satisfies AttendanceOutcome[];

export const isAttended = (o: EffectiveOutcome) => (cameOutcomes as readonly string[]).includes(o);

/**
 * isAttended(outcomeAt(…)) for an active booking, in SQL: one of cameOutcomes recorded, or else a
 * check-in. Counts that SQLite tallies must agree with what the caseload and report show.
 */
export const cameToSession = sql`(${inArray(table.booking.outcome, cameOutcomes)} or (${table.booking.outcome} is null and ${table.booking.checkedInAt} is not null))`;

export const isMiss = (o: EffectiveOutcome) => o === 'missed' || o === 'missed_unacceptable';
