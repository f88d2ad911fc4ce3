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
export function canCancel(
	startsAt: Date,
	now = new Date(),
	cutoffHours: number = bookingPolicy.cancelCutoffHours
) {
	return startsAt.getTime() - now.getTime() >= cutoffHours * hour;
}
