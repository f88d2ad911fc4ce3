import { formatDateTime, formatTime } from './dates';

/** 'Tuesday 3 March, 10:00am to 10:45am' */
export function formatSlotTime(slot: { startsAt: Date; endsAt: Date }, now = new Date()) {
	return `${formatDateTime(slot.startsAt, now)} to ${formatTime(slot.endsAt)}`;
}
