import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, eq, gt } from 'drizzle-orm';
import { sessionModeLabel } from '../../session-types';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import type { SessionMode } from '../db/schema';

export type CalendarEvent = {
	uid: string;
	startsAt: Date;
	endsAt: Date;
	mode: SessionMode;
	place: string | null;
	remoteDetails: string | null;
	cancelled?: boolean;
};

/** 20260329T090000Z: UTC, so every calendar app places it right whatever its time zone. */
function icsInstant(instant: Date) {
	return instant
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/**
 * Text as an iCalendar value (RFC 5545 3.3.11). Every line break (CR, LF or both) becomes '\n' and
 * other control characters are dropped: a bare CR left in would start a new line of the file, where
 * text a navigator wrote could add a URL or an alarm of its own.
 */
export function icsText(text: string) {
	return text
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n')
		.replace(/\p{Cc}/gu, '');
}

/** RFC 5545 folds lines longer than 75 octets, never splitting a character. */
function fold(line: string) {
	const encoder = new TextEncoder();
	const out: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const bytes = encoder.encode(char).length;
		const limit = out.length === 0 ? 75 : 74;
		if (size + bytes > limit) {
			out.push(current);
			current = '';
			size = 0;
		}
		current += char;
		size += bytes;
	}
	out.push(current);
	return out.join('\r\n ');
}

/**
 * An iCalendar file. Titles are always "Appointment": a calendar can be seen over a shoulder or
 * on a lock screen. The place is left out for a participant in discreet mode, since an address
 * can say what the appointment is.
 */
export function buildIcs(
	events: CalendarEvent[],
	{ withPlace }: { withPlace: boolean },
	now = new Date(),
	name = 'Appointments'
) {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Checkpoint//Sessions//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${icsText(name)}`
	];
	for (const event of events) {
		const location =
			event.mode === 'in_person' ? (event.place ?? '') : sessionModeLabel[event.mode];
		lines.push(
			'BEGIN:VEVENT',
			`UID:${event.uid}@checkpoint`,
			`DTSTAMP:${icsInstant(now)}`,
			`DTSTART:${icsInstant(event.startsAt)}`,
			`DTEND:${icsInstant(event.endsAt)}`,
			'SUMMARY:Appointment'
		);
		if (withPlace || event.mode !== 'in_person') lines.push(`LOCATION:${icsText(location)}`);
		if (event.mode !== 'in_person' && event.remoteDetails)
			lines.push(`DESCRIPTION:${icsText(event.remoteDetails)}`);
		lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}

const eventColumns = {
	uid: table.booking.id,
	status: table.booking.status,
	startsAt: table.slot.startsAt,
	endsAt: table.slot.endsAt,
	mode: table.slot.mode,
	place: table.slot.place,
	remoteDetails: table.slot.remoteDetails
};

function toEvent({ status, ...row }: { status: table.BookingStatus } & CalendarEvent) {
	return { ...row, cancelled: status !== 'booked' };
}

/** One booking of this participant's, as a calendar event; undefined if it is not theirs. */
export function bookingEvent(db: Db, participantId: string, bookingId: string) {
	const row = db
		.select(eventColumns)
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(and(eq(table.booking.id, bookingId), eq(table.booking.participantId, participantId)))
		.get();
	return row ? toEvent(row) : undefined;
}

/** The feed: bookings from the last 30 days on; cancelled ones stay so phones remove them. */
export function feedEvents(db: Db, participantId: string, now = new Date()) {
	return db
		.select(eventColumns)
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(
			and(
				eq(table.booking.participantId, participantId),
				gt(table.slot.endsAt, new Date(now.getTime() - 30 * 86_400_000))
			)
		)
		.orderBy(asc(table.slot.startsAt))
		.all()
		.map(toEvent);
}

function hashToken(token: string) {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A new private feed token; any earlier one stops working. Shown once: only its hash is kept. */
export function createCalendarFeed(db: Db, participantId: string, now = new Date()) {
	const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
	db.insert(table.calendarFeed)
		.values({ participantId, tokenHash: hashToken(token), createdAt: now })
		.onConflictDoUpdate({
			target: table.calendarFeed.participantId,
			set: { tokenHash: hashToken(token), createdAt: now }
		})
		.run();
	return token;
}

export function revokeCalendarFeed(db: Db, participantId: string) {
	db.delete(table.calendarFeed).where(eq(table.calendarFeed.participantId, participantId)).run();
}

export function calendarFeedCreatedAt(db: Db, participantId: string) {
	return db
		.select({ createdAt: table.calendarFeed.createdAt })
		.from(table.calendarFeed)
		.where(eq(table.calendarFeed.participantId, participantId))
		.get()?.createdAt;
}

/** The active participant a feed token belongs to, or undefined. */
export function findFeedParticipant(db: Db, token: string) {
	if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
	return db
		.select({ participantId: table.calendarFeed.participantId })
		.from(table.calendarFeed)
		.innerJoin(table.user, eq(table.user.id, table.calendarFeed.participantId))
		.where(and(eq(table.calendarFeed.tokenHash, hashToken(token)), eq(table.user.active, true)))
		.get()?.participantId;
}
