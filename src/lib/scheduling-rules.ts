/**
 * When sessions can be booked, cancelled and changed: the rules pages and server share, so a page
 * never offers what the server refuses.
 */
import type { SlotStatus } from './server/db/schema';

const hour = 3_600_000;
const week = 7 * 24 * hour;

/** Booking rules. The cancellation cut-off is the one a programme most often changes. */
export const bookingPolicy = {
	/** Participants can cancel themselves up to this long before; after that, "I can't make it". */
	cancelCutoffHours: 24,
	minNoticeHours: 2,
	bookingHorizonWeeks: 4,
	maxRepeatWeeks: 26,
	minMinutes: 5,
	maxMinutes: 8 * 60,
	maxCapacity: 50
} as const;

/**
 * The start times a participant may book themself at `now`, both ends included. Booking a slot is
 * checked against it and the list of bookable slots is queried with it, so every slot listed can
 * be booked and every slot that can be booked is listed.
 */
export function selfBookingWindow(now: Date) {
	return {
		earliest: new Date(now.getTime() + bookingPolicy.minNoticeHours * hour),
		latest: new Date(now.getTime() + bookingPolicy.bookingHorizonWeeks * week)
	};
}

/**
 * True while the participant may still cancel by themself. The sessions page offers the cancel
 * button by this rule and the server refuses by it, so the two never disagree.
 */
export function canCancelBooking(
	startsAt: Date,
	now = new Date(),
	cutoffHours: number = bookingPolicy.cancelCutoffHours
) {
	return startsAt.getTime() - now.getTime() >= cutoffHours * hour;
}

/** A slot is open until it starts: its navigator may change it, or book someone into it. */
export function isSlotOpen(slot: { status: SlotStatus; startsAt: Date }, now: Date) {
	return slot.status === 'scheduled' && slot.startsAt.getTime() > now.getTime();
}

/**
 * A session is over from the moment it ends: it is past for the participant, and nothing about it
 * can be cancelled or said any more.
 */
export function isOver(slot: { endsAt: Date }, now: Date) {
	return slot.endsAt.getTime() <= now.getTime();
}

/** A navigator may cancel a slot until it ends. */
export function canCancelSlot(slot: { status: SlotStatus; endsAt: Date }, now: Date) {
	return slot.status === 'scheduled' && !isOver(slot, now);
}

/** The places on a slot no one has booked yet. */
export function placesLeft(slot: { capacity: number; bookedCount: number }) {
	return slot.capacity - slot.bookedCount;
}
