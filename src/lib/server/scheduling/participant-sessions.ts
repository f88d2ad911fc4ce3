import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { isOver } from '../../scheduling-rules';
import type { Db } from '../db/open';
import { bound, preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { bookingColumns, slotColumns } from './columns';
import { withSessionState } from './state';

/** A participant's own sessions: still to come (including cancelled ones), and past ones. */
export function listParticipantSessions(db: Db, participantId: string, now = new Date()) {
	const rows = db
		.select({ ...bookingColumns, slot: slotColumns })
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(eq(table.booking.participantId, participantId))
		.orderBy(asc(table.slot.startsAt))
		.all()
		.map((r) => withSessionState(r, r.slot, now));
	return {
		upcoming: rows.filter((r) => !isOver(r.slot, now)),
		past: rows.filter((r) => isOver(r.slot, now)).reverse()
	};
}

export type ParticipantSession = ReturnType<typeof listParticipantSessions>['upcoming'][number];

export function findParticipantSession(
	db: Db,
	participantId: string,
	bookingId: string,
	now = new Date()
) {
	const found = db
		.select({ ...bookingColumns, slot: slotColumns })
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(and(eq(table.booking.id, bookingId), eq(table.booking.participantId, participantId)))
		.get();
	return found && withSessionState(found, found.slot, now);
}

/**
 * The participant's next booked session that has not ended yet, with only what their home page
 * shows of it. SQLite takes the other columns from the row that holds the `min()`. The same
 * query written with ORDER BY and Drizzle's bound LIMIT built a sorter on every run, and took
 * longer than all the home page's other queries together.
 */
const nextBooking = preparedQuery((db) =>
	db
		.select({
			id: table.booking.id,
			slot: {
				title: table.slot.title,
				type: table.slot.type,
				mode: table.slot.mode,
				place: table.slot.place,
				startsAt: table.slot.startsAt,
				endsAt: table.slot.endsAt
			},
			firstStart: sql<number | null>`min(${table.slot.startsAt})`
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(
			and(
				eq(table.booking.participantId, bound('participantId')),
				table.bookingIsActive,
				// Not isOver, in SQL: a spec holds the two to the same moment.
				gt(table.slot.endsAt, bound('nowMs'))
			)
		)
		.prepare()
);

export function nextBookingFor(db: Db, participantId: string, now = new Date()) {
	const found = nextBooking(db).get({ participantId, nowMs: now.getTime() });
	return found?.firstStart == null ? undefined : { id: found.id, slot: found.slot };
}

/** For the navigator's participant page: that participant's sessions, newest first. */
export function listSessionsOfParticipant(db: Db, participantId: string, now = new Date()) {
	const { upcoming, past } = listParticipantSessions(db, participantId, now);
	return { upcoming, past: past.slice(0, 20) };
}
