import { formatDateTime, formatTime } from './dates';

/** 'Tuesday 3 March, 10:00am to 10:45am' */
export function formatSlotTime(slot: { startsAt: Date; endsAt: Date }, now = new Date()) {
	return `${formatDateTime(slot.startsAt, now)} to ${formatTime(slot.endsAt)}`;
}

/**
 * Where the map for an in-person session opens: the link the navigator gave for it, or else a
 * search for its address, so every in-person session can be found on a map.
 */
export function mapLinkFor(slot: { place: string | null; mapUrl: string | null }) {
	if (slot.mapUrl) return slot.mapUrl;
	return slot.place
		? `https://www.openstreetmap.org/search?query=${encodeURIComponent(slot.place)}`
		: null;
}
