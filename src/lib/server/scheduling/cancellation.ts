import { and, eq, sql } from 'drizzle-orm';
import { bookingPolicy, canCancelBooking, canCancelSlot, isOver } from '../../scheduling-rules';
import type { Db } from '../db/open';
import { enqueueBookingChange, enqueueSlotCancelled } from '../notifications/queue';
import * as table from '../db/schema';
import { checkLength, fieldError } from '../input';
import { activeBookingParticipants, ownSlot } from './slots';

/** Cancels a slot and every booking on it; the participants see the reason on their page. */
/** A booking the navigator called off: cancelled, and recorded as no fault of the participant. */
function cancelledByNavigator(navigatorId: string, reason: string, now: Date) {
	return {
		status: 'cancelled_by_navigator',
		cancelledAt: now,
		cancelReason: reason,
		outcome: 'cancelled_by_navigator',
		outcomeBy: navigatorId,
		outcomeAt: now
	} as const;
}

export function cancelSlot(
	db: Db,
	navigatorId: string,
	slotId: string,
	reason: string,
	now = new Date()
) {
	checkLength('reason', reason, 'a reason', 300);
	const existing = ownSlot(db, navigatorId, slotId);
	if (!existing) fieldError('slotId', 'That session was not found.');
	if (existing.status === 'cancelled') fieldError('slotId', 'This session is already cancelled.');
	if (!canCancelSlot(existing, now))
		fieldError('slotId', 'This session is over, so it cannot be cancelled.');
	return db.transaction(
		(tx) => {
			const cancelled = tx
				.update(table.slot)
				.set({ status: 'cancelled', cancelReason: reason, cancelledAt: now, bookedCount: 0 })
				.where(and(eq(table.slot.id, slotId), eq(table.slot.status, 'scheduled')))
				.run();
			if (cancelled.changes === 0) fieldError('slotId', 'This session is already cancelled.');
			const affected = activeBookingParticipants(tx, slotId);
			tx.update(table.booking)
				.set(cancelledByNavigator(navigatorId, reason, now))
				.where(and(eq(table.booking.slotId, slotId), table.bookingIsActive))
				.run();
			enqueueSlotCancelled(tx, slotId, now);
			return affected;
		},
		{ behavior: 'immediate' }
	);
}

function releasePlace(db: Pick<Db, 'update'>, slotId: string) {
	db.update(table.slot)
		.set({ bookedCount: sql`max(${table.slot.bookedCount} - 1, 0)` })
		.where(eq(table.slot.id, slotId))
		.run();
}

function participantBookingWithSlot(
	db: Pick<Db, 'select'>,
	participantId: string,
	bookingId: string
) {
	return db
		.select({ booking: table.booking, slot: table.slot })
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(and(eq(table.booking.id, bookingId), eq(table.booking.participantId, participantId)))
		.get();
}

/** The participant cancels, up to the cut-off before the start. */
export function cancelBooking(
	db: Db,
	participantId: string,
	bookingId: string,
	now = new Date(),
	cutoffHours: number = bookingPolicy.cancelCutoffHours
) {
	db.transaction(
		(tx) => {
			const found = participantBookingWithSlot(tx, participantId, bookingId);
			if (!found) fieldError('bookingId', 'That booking was not found.');
			if (found.booking.status !== 'booked')
				fieldError('bookingId', 'This booking is already cancelled.');
			if (!canCancelBooking(found.slot.startsAt, now, cutoffHours))
				fieldError(
					'bookingId',
					`This session is less than ${cutoffHours} hours away, so it cannot be cancelled here. Please use "I can't make it" to tell your navigator.`
				);
			tx.update(table.booking)
				.set({ status: 'cancelled_by_participant', cancelledAt: now })
				.where(eq(table.booking.id, bookingId))
				.run();
			releasePlace(tx, found.slot.id);
		},
		{ behavior: 'immediate' }
	);
}

/** Inside the cut-off: the booking stays, and the navigator gets the reason to act on. */
export function sendCantMakeIt(
	db: Db,
	participantId: string,
	bookingId: string,
	reason: string,
	now = new Date()
) {
	checkLength('reason', reason, 'why you cannot make it', 500);
	db.transaction(
		(tx) => {
			const found = participantBookingWithSlot(tx, participantId, bookingId);
			if (!found) fieldError('bookingId', 'That booking was not found.');
			if (found.booking.status !== 'booked') fieldError('bookingId', 'This booking is cancelled.');
			if (found.booking.checkedInAt)
				fieldError(
					'bookingId',
					'You have checked in to this session, so there is nothing to tell.'
				);
			if (isOver(found.slot, now))
				fieldError('bookingId', 'This session is over. Please message your navigator instead.');
			tx.update(table.booking)
				.set({ cantMakeItReason: reason, cantMakeItAt: now })
				.where(eq(table.booking.id, bookingId))
				.run();
		},
		{ behavior: 'immediate' }
	);
}

/**
 * The navigator releases one booking of a slot of theirs, for example after an "I can't make it":
 * the booking must be in that slot, and the participant on their caseload.
 */
export function releaseBooking(
	db: Db,
	navigatorId: string,
	{ slotId, bookingId }: { slotId: string; bookingId: string },
	reason: string,
	now = new Date()
) {
	checkLength('reason', reason, 'a reason', 300);
	return db.transaction(
		(tx) => {
			const found = tx
				.select({ booking: table.booking, slot: table.slot })
				.from(table.booking)
				.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
				.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
				.where(
					and(
						eq(table.booking.id, bookingId),
						eq(table.booking.slotId, slotId),
						eq(table.slot.navigatorId, navigatorId),
						eq(table.participant.navigatorId, navigatorId)
					)
				)
				.get();
			if (!found) fieldError('bookingId', 'That booking was not found.');
			if (found.booking.status !== 'booked')
				fieldError('bookingId', 'This booking is already cancelled.');
			tx.update(table.booking)
				.set(cancelledByNavigator(navigatorId, reason, now))
				.where(eq(table.booking.id, bookingId))
				.run();
			releasePlace(tx, found.slot.id);
			enqueueBookingChange(
				tx,
				{
					kind: 'booking_cancelled',
					participantId: found.booking.participantId,
					slotId: found.slot.id,
					startsAt: found.slot.startsAt,
					changeId: bookingId
				},
				now
			);
			return found.booking.participantId;
		},
		{ behavior: 'immediate' }
	);
}
