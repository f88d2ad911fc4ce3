import { and, eq, gte, lt, ne, type SQL } from 'drizzle-orm';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { bound } from '../db/prepared';
import * as table from '../db/schema';
import type { EffectiveOutcome } from './outcome';

/** What the report filters bookings by; the caseload and programme figures use its conditions too. */
export type AttendanceFilter = {
	navigatorId?: string;
	participantId?: string;
	/** London calendar dates, inclusive. */
	from?: string;
	to?: string;
	type?: table.SessionType;
	outcome?: EffectiveOutcome;
};

export type AttendanceCondition = Exclude<keyof AttendanceFilter, 'outcome'>;

export const attendanceConditions: Record<AttendanceCondition, SQL> = {
	navigatorId: eq(table.participant.navigatorId, bound('navigatorId')),
	participantId: eq(table.booking.participantId, bound('participantId')),
	type: eq(table.slot.type, bound('type')),
	from: gte(table.slot.startsAt, bound('from')),
	to: lt(table.slot.startsAt, bound('to'))
};

/** Bookings the participant did not cancel, with the conditions a shape names. */
export function attendanceWhere(shape: string, ...more: SQL[]) {
	return and(
		ne(table.booking.status, 'cancelled_by_participant'),
		...(shape ? shape.split(',') : []).map(
			(name) => attendanceConditions[name as AttendanceCondition]
		),
		...more
	);
}

/** A booking's slot and participant, joined to `db.select(…).from(table.booking).$dynamic()`. */
export function joinSlotAndParticipant<Query extends SQLiteSelect>(query: Query) {
	return query
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId));
}
