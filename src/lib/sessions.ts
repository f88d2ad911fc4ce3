import { formatDateTime, formatTime } from './dates';
import type { AttendanceOutcome, BookingStatus } from './server/db/schema';

type Shown = {
	status: BookingStatus;
	outcome: AttendanceOutcome | null;
	checkedInAt: Date | null;
	cantMakeItAt: Date | null;
	slot: { startsAt: Date; endsAt: Date };
};

/** 'Tuesday 3 March, 10:00am to 10:45am' */
export function formatSlotTime(slot: { startsAt: Date; endsAt: Date }, now = new Date()) {
	return `${formatDateTime(slot.startsAt, now)} to ${formatTime(slot.endsAt)}`;
}

/** The status of a booking in plain words, and whether it is good news or needs a look. */
export function bookingStatus(
	booking: Shown,
	now = new Date(),
	who: 'you' | 'they' = 'you'
): { label: string; tone: 'good' | 'attention' | 'neutral' } {
	const you = who === 'you';
	if (booking.status === 'cancelled_by_participant')
		return { label: you ? 'You cancelled' : 'They cancelled', tone: 'neutral' };
	if (booking.status === 'cancelled_by_navigator')
		return {
			label: you ? 'Cancelled by your navigator' : 'Cancelled by navigator',
			tone: 'neutral'
		};
	if (booking.slot.endsAt.getTime() > now.getTime()) {
		if (booking.cantMakeItAt)
			return { label: you ? "You said you can't make it" : "Can't make it", tone: 'attention' };
		return { label: 'Booked', tone: 'good' };
	}
	switch (booking.outcome) {
		case 'attended':
			return { label: you ? 'You came' : 'Attended', tone: 'good' };
		case 'late':
			return { label: you ? 'You came (late)' : 'Attended late', tone: 'good' };
		case 'missed_acceptable':
			return { label: 'Missed, with a good reason', tone: 'neutral' };
		case 'missed_unacceptable':
			return { label: 'Missed', tone: 'attention' };
		case 'cancelled_by_navigator':
			return { label: 'Cancelled by navigator', tone: 'neutral' };
		default:
			return booking.checkedInAt
				? { label: you ? 'You checked in' : 'Checked in', tone: 'good' }
				: { label: 'Not recorded yet', tone: 'neutral' };
	}
}
