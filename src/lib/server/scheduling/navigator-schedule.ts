import { aliasedTable, and, asc, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import { addDays, londonToInstant } from '../../dates';
import { findParticipantOfNavigator } from '../accounts';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { bookingColumns, slotColumns } from './columns';
import { ownSlot } from './slots';
import { withSessionState } from './state';

const bookedPerson = aliasedTable(table.user, 'booked_person');

/**
 * The bookings of these slots made by participants on the navigator's caseload now. Someone moved
 * to another navigator keeps their place, but the former navigator no longer sees who it is.
 */
function bookingsOfSlots(db: Db, navigatorId: string, slotIds: string[]) {
	if (slotIds.length === 0) return [];
	return db
		.select({
			...bookingColumns,
			slotId: table.booking.slotId,
			participantId: table.booking.participantId,
			displayName: bookedPerson.displayName
		})
		.from(table.booking)
		.innerJoin(bookedPerson, eq(bookedPerson.id, table.booking.participantId))
		.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
		.where(
			and(inArray(table.booking.slotId, slotIds), eq(table.participant.navigatorId, navigatorId))
		)
		.orderBy(asc(bookedPerson.displayName))
		.all();
}

/** A navigator's slots in one London week (Monday to Sunday), each with its bookings. */
export function listNavigatorWeek(db: Db, navigatorId: string, monday: string) {
	const from = londonToInstant(monday, '00:00');
	const to = londonToInstant(addDays(monday, 7), '00:00');
	const forPerson = aliasedTable(table.user, 'for_person');
	const forParticipant = aliasedTable(table.participant, 'for_participant');
	const slots = db
		.select({ ...slotColumns, forName: forPerson.displayName })
		.from(table.slot)
		.leftJoin(
			forParticipant,
			and(
				eq(forParticipant.userId, table.slot.participantId),
				eq(forParticipant.navigatorId, navigatorId)
			)
		)
		.leftJoin(forPerson, eq(forPerson.id, forParticipant.userId))
		.where(
			and(
				eq(table.slot.navigatorId, navigatorId),
				gte(table.slot.startsAt, from),
				lt(table.slot.startsAt, to)
			)
		)
		.orderBy(asc(table.slot.startsAt))
		.all();
	const bookings = bookingsOfSlots(
		db,
		navigatorId,
		slots.map((s) => s.id)
	);
	return slots.map((s) => ({ ...s, bookings: bookings.filter((b) => b.slotId === s.id) }));
}

/** One of the navigator's own slots with its bookings, or undefined. */
export function findNavigatorSlot(db: Db, navigatorId: string, slotId: string, now = new Date()) {
	const found = ownSlot(db, navigatorId, slotId);
	if (!found) return undefined;
	const forName = found.participantId
		? findParticipantOfNavigator(db, navigatorId, found.participantId)?.displayName
		: null;
	const { checkinSecret: _, ...slot } = found;
	return {
		...slot,
		forName: forName ?? null,
		bookings: bookingsOfSlots(db, navigatorId, [slotId]).map((b) => withSessionState(b, slot, now))
	};
}

/** Open "I can't make it" requests on a navigator's upcoming slots. */
export function listCantMakeItRequests(db: Db, navigatorId: string, now = new Date()) {
	return db
		.select({
			id: table.booking.id,
			reason: table.booking.cantMakeItReason,
			at: table.booking.cantMakeItAt,
			participantId: table.booking.participantId,
			displayName: bookedPerson.displayName,
			slotId: table.slot.id,
			title: table.slot.title,
			startsAt: table.slot.startsAt
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.innerJoin(bookedPerson, eq(bookedPerson.id, table.booking.participantId))
		.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
		.where(
			and(
				eq(table.slot.navigatorId, navigatorId),
				eq(table.participant.navigatorId, navigatorId),
				table.bookingIsActive,
				sql`${table.booking.cantMakeItAt} is not null`,
				// Not isOver, in SQL: a spec holds the two to the same moment.
				gt(table.slot.endsAt, now)
			)
		)
		.orderBy(desc(table.booking.cantMakeItAt))
		.all();
}
