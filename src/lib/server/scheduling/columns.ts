import * as table from '../db/schema';

/** What lists show of a slot: everything but its check-in secret. */
export const slotColumns = {
	id: table.slot.id,
	type: table.slot.type,
	title: table.slot.title,
	startsAt: table.slot.startsAt,
	endsAt: table.slot.endsAt,
	mode: table.slot.mode,
	placeId: table.slot.placeId,
	place: table.slot.place,
	mapUrl: table.slot.mapUrl,
	remoteDetails: table.slot.remoteDetails,
	capacity: table.slot.capacity,
	bookedCount: table.slot.bookedCount,
	participantId: table.slot.participantId,
	status: table.slot.status,
	cancelReason: table.slot.cancelReason
};

export const bookingColumns = {
	id: table.booking.id,
	status: table.booking.status,
	cancelReason: table.booking.cancelReason,
	cancelledAt: table.booking.cancelledAt,
	cantMakeItReason: table.booking.cantMakeItReason,
	cantMakeItAt: table.booking.cantMakeItAt,
	checkedInAt: table.booking.checkedInAt,
	delayedCheckinReview: table.booking.delayedCheckinReview,
	outcome: table.booking.outcome,
	bookedBy: table.booking.bookedBy
};
