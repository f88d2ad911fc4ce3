import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import {
	aliasedTable,
	and,
	asc,
	desc,
	eq,
	gt,
	gte,
	inArray,
	isNull,
	lt,
	lte,
	or,
	sql
} from 'drizzle-orm';
import { addDays, formatDateTime, isIsoDate, isTime, londonDate, londonToInstant } from '../dates';
import { bookingPolicy, sessionTypeConfig } from '../session-types';
import { findParticipant, findParticipantOfNavigator } from './accounts';
import type { Db } from './db/open';
import { enqueueBookingChange, enqueueSlotCancelled } from './notifications/queue';
import { preparedQuery } from './db/prepared';
import * as table from './db/schema';
import { sessionModes, sessionTypes, type SessionMode, type SessionType } from './db/schema';
import { checkLength, fieldError, fieldErrorCollector, InputError, textField } from './input';
import { checkMapUrl, findPlace, listActivePlaces, placeText } from './places';
import { sessionState } from './session-state';

/** A database or a transaction on it. */
type Conn = Pick<Db, 'select' | 'update' | 'insert'>;

const minute = 60_000;
const hour = 60 * minute;

/** A slot form as typed: every field a string, so a mistake can be sent back as it was. */
export type SlotInput = {
	type: string;
	title: string;
	date: string;
	time: string;
	minutes: string;
	mode: string;
	placeId: string;
	place: string;
	mapUrl: string;
	remoteDetails: string;
	capacity: string;
	participantId: string;
	repeatWeeks: string;
	confirmOverlap: string;
};

const slotFields = [
	'type',
	'title',
	'date',
	'time',
	'minutes',
	'mode',
	'placeId',
	'place',
	'mapUrl',
	'remoteDetails',
	'capacity',
	'participantId',
	'repeatWeeks',
	'confirmOverlap'
] as const satisfies readonly (keyof SlotInput)[];

export function slotInputFrom(data: FormData): SlotInput {
	return Object.fromEntries(slotFields.map((name) => [name, textField(data, name)])) as SlotInput;
}

/** The places left are gone: the route offers other times. */
export class SessionFullError extends InputError {
	constructor() {
		super({ slotId: 'That session is now full. Please choose another time.' });
		this.name = 'SessionFullError';
	}
}

function newCheckinSecret() {
	return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));
}

function wholeNumber(
	field: string,
	value: string,
	fallback: number,
	min: number,
	max: number,
	message: string
) {
	if (value === '') return fallback;
	if (!/^\d{1,6}$/.test(value)) fieldError(field, message);
	const n = Number(value);
	if (n < min || n > max) fieldError(field, message);
	return n;
}

type SlotDetails = {
	title: string;
	startDate: string;
	time: string;
	minutes: number;
	mode: SessionMode;
	placeId: string | null;
	place: string | null;
	mapUrl: string | null;
	remoteDetails: string | null;
	capacity: number;
};

/**
 * Where an in-person slot happens. Once the coordinator keeps a list of places, one of them must be
 * chosen, and only an active one: the id comes from the form, so it is checked here. A slot being
 * changed may keep the place it already has, even one taken off the list since. Before any place
 * is listed, the address is typed in.
 */
function readInPersonPlace(
	db: Db,
	input: Pick<SlotInput, 'placeId' | 'place' | 'mapUrl'>,
	currentPlaceId: string | null
) {
	if (input.placeId) {
		const chosen = findPlace(db, input.placeId);
		if (!chosen || (!chosen.active && chosen.id !== currentPlaceId))
			fieldError('placeId', 'Choose a place from the list.');
		return { placeId: chosen.id, place: placeText(chosen), mapUrl: chosen.mapUrl };
	}
	if (listActivePlaces(db).length > 0) fieldError('placeId', 'Choose the place.');
	const c = fieldErrorCollector();
	c.check(() => checkLength('place', input.place, 'the address', 200));
	if (input.mapUrl) c.check(() => checkMapUrl('mapUrl', input.mapUrl));
	c.throwIfAny();
	return { placeId: null, place: input.place, mapUrl: input.mapUrl || null };
}

/** Checks the fields a new slot and an edited slot share. */
function readSlotDetails(
	db: Db,
	input: Omit<SlotInput, 'type' | 'participantId' | 'repeatWeeks' | 'confirmOverlap'>,
	type: SessionType,
	now: Date,
	c: ReturnType<typeof fieldErrorCollector>,
	currentPlaceId: string | null = null
): SlotDetails | undefined {
	const defaults = sessionTypeConfig[type];
	const title = input.title || defaults.label;
	c.check(() => checkLength('title', title, 'a title', 80));
	c.check(() => {
		if (!input.date) fieldError('date', 'Enter the date.');
		if (!isIsoDate(input.date)) fieldError('date', 'Enter a real date, like 2026-03-02.');
		if (input.date > addDays(londonDate(now), 366))
			fieldError('date', 'The date must be within the next year.');
	});
	c.check(() => {
		if (!input.time) fieldError('time', 'Enter the start time.');
		if (!isTime(input.time)) fieldError('time', 'Enter a time like 09:30 or 14:00.');
	});
	const minutes = c.check(() =>
		wholeNumber(
			'minutes',
			input.minutes,
			defaults.defaultMinutes,
			bookingPolicy.minMinutes,
			bookingPolicy.maxMinutes,
			`Enter a length between ${bookingPolicy.minMinutes} minutes and ${bookingPolicy.maxMinutes / 60} hours, in minutes.`
		)
	);
	const capacity = c.check(() =>
		wholeNumber(
			'capacity',
			input.capacity,
			defaults.defaultCapacity,
			1,
			bookingPolicy.maxCapacity,
			`Enter the number of places, from 1 to ${bookingPolicy.maxCapacity}.`
		)
	);
	const mode = (input.mode || defaults.defaultMode) as SessionMode;
	c.check(() => {
		if (!sessionModes.includes(mode)) fieldError('mode', 'Choose in person, phone or video.');
	});
	let where: Pick<SlotDetails, 'placeId' | 'place' | 'mapUrl'> | undefined = {
		placeId: null,
		place: null,
		mapUrl: null
	};
	let remoteDetails: string | null = null;
	if (mode === 'in_person') {
		where = c.check(() => readInPersonPlace(db, input, currentPlaceId));
	} else if (sessionModes.includes(mode)) {
		remoteDetails = input.remoteDetails;
		c.check(() =>
			checkLength(
				'remoteDetails',
				input.remoteDetails,
				mode === 'phone' ? 'who calls whom, and the number' : 'the video link or how to join',
				300
			)
		);
	}
	if (minutes === undefined || capacity === undefined || where === undefined) return undefined;
	return {
		title,
		startDate: input.date,
		time: input.time,
		minutes,
		mode,
		...where,
		remoteDetails,
		capacity
	};
}

function overlappingSlot(
	db: Conn,
	navigatorId: string,
	startsAt: Date,
	endsAt: Date,
	exceptId?: string
) {
	return db
		.select({ id: table.slot.id, title: table.slot.title, startsAt: table.slot.startsAt })
		.from(table.slot)
		.where(
			and(
				eq(table.slot.navigatorId, navigatorId),
				eq(table.slot.status, 'scheduled'),
				lt(table.slot.startsAt, endsAt),
				gt(table.slot.endsAt, startsAt),
				exceptId ? sql`${table.slot.id} <> ${exceptId}` : undefined
			)
		)
		.get();
}

function overlapError(found: { title: string; startsAt: Date }, now: Date): never {
	throw new InputError({
		time: `This overlaps your session "${found.title}" on ${formatDateTime(found.startsAt, now)}. Change the time, or tick "Keep both" to create it anyway.`,
		confirmOverlap: 'Tick "Keep both" if the overlap is on purpose.'
	});
}

/**
 * Creates a slot, or a weekly series that keeps its London wall-clock time across the clocks
 * changing. All or nothing. Returns the new slot ids in date order.
 */
export function createSlots(db: Db, navigatorId: string, input: SlotInput, now = new Date()) {
	const c = fieldErrorCollector();
	const type = input.type as SessionType;
	if (!sessionTypes.includes(type)) fieldError('type', 'Choose the type of session.');
	const details = readSlotDetails(db, input, type, now, c);
	const repeatWeeks = c.check(() =>
		wholeNumber(
			'repeatWeeks',
			input.repeatWeeks,
			1,
			1,
			bookingPolicy.maxRepeatWeeks,
			`Enter how many weeks, from 1 to ${bookingPolicy.maxRepeatWeeks}.`
		)
	);
	const participantId = input.participantId || null;
	if (participantId) {
		c.check(() => {
			if (!findParticipantOfNavigator(db, navigatorId, participantId))
				fieldError('participantId', 'Choose someone on your caseload, or everyone.');
		});
	}
	c.throwIfAny();
	if (!details || !repeatWeeks) throw new InputError(c.errors);

	const occurrences = Array.from({ length: repeatWeeks }, (_, week) => {
		const startsAt = londonToInstant(addDays(details.startDate, week * 7), details.time);
		return { startsAt, endsAt: new Date(startsAt.getTime() + details.minutes * minute) };
	});
	if (occurrences[0].startsAt.getTime() <= now.getTime())
		fieldError('date', 'The session must start in the future.');

	const seriesId = repeatWeeks > 1 ? crypto.randomUUID() : null;
	const ids = occurrences.map(() => crypto.randomUUID());
	db.transaction(
		(tx) => {
			if (input.confirmOverlap !== 'yes') {
				for (const o of occurrences) {
					const found = overlappingSlot(tx, navigatorId, o.startsAt, o.endsAt);
					if (found) overlapError(found, now);
				}
			}
			occurrences.forEach((o, i) => {
				tx.insert(table.slot)
					.values({
						id: ids[i],
						navigatorId,
						type,
						title: details.title,
						startsAt: o.startsAt,
						endsAt: o.endsAt,
						mode: details.mode,
						placeId: details.placeId,
						place: details.place,
						mapUrl: details.mapUrl,
						remoteDetails: details.remoteDetails,
						capacity: details.capacity,
						participantId,
						seriesId,
						checkinSecret: newCheckinSecret()
					})
					.run();
			});
		},
		{ behavior: 'immediate' }
	);
	return ids;
}

function ownSlot(db: Db, navigatorId: string, slotId: string) {
	return db
		.select()
		.from(table.slot)
		.where(and(eq(table.slot.id, slotId), eq(table.slot.navigatorId, navigatorId)))
		.get();
}

function activeBookingParticipants(db: Conn, slotId: string) {
	return db
		.select({ participantId: table.booking.participantId })
		.from(table.booking)
		.where(and(eq(table.booking.slotId, slotId), table.bookingIsActive))
		.all()
		.map((r) => r.participantId);
}

export type SlotEdit = Omit<SlotInput, 'type' | 'participantId' | 'repeatWeeks'>;

/**
 * Changes one slot. Places may not drop below the bookings already made (enforced by the update's
 * condition). Returns who was booked when the time or place changed, for the audit log.
 */
export function updateSlot(
	db: Db,
	navigatorId: string,
	slotId: string,
	input: SlotEdit,
	now = new Date()
) {
	const existing = ownSlot(db, navigatorId, slotId);
	if (!existing) fieldError('slotId', 'That session was not found.');
	if (existing.status === 'cancelled') fieldError('slotId', 'This session has been cancelled.');
	if (existing.startsAt.getTime() <= now.getTime())
		fieldError('slotId', 'This session has already started, so it cannot be changed.');
	const c = fieldErrorCollector();
	const details = readSlotDetails(db, input, existing.type, now, c, existing.placeId);
	c.throwIfAny();
	if (!details) throw new InputError(c.errors);
	const startsAt = londonToInstant(details.startDate, details.time);
	const endsAt = new Date(startsAt.getTime() + details.minutes * minute);
	if (startsAt.getTime() <= now.getTime())
		fieldError('date', 'The session must start in the future.');

	return db.transaction(
		(tx) => {
			if (input.confirmOverlap !== 'yes') {
				const found = overlappingSlot(tx, navigatorId, startsAt, endsAt, slotId);
				if (found) overlapError(found, now);
			}
			const result = tx
				.update(table.slot)
				.set({
					title: details.title,
					startsAt,
					endsAt,
					mode: details.mode,
					placeId: details.placeId,
					place: details.place,
					mapUrl: details.mapUrl,
					remoteDetails: details.remoteDetails,
					capacity: details.capacity
				})
				.where(
					and(
						eq(table.slot.id, slotId),
						eq(table.slot.status, 'scheduled'),
						lte(table.slot.bookedCount, details.capacity)
					)
				)
				.run();
			if (result.changes !== 1) {
				const booked = tx
					.select({ n: table.slot.bookedCount })
					.from(table.slot)
					.where(eq(table.slot.id, slotId))
					.get();
				fieldError(
					'capacity',
					`${booked?.n} people have booked this session, so it needs at least ${booked?.n} places. Cancel bookings first to make it smaller.`
				);
			}
			const moved =
				existing.startsAt.getTime() !== startsAt.getTime() ||
				existing.endsAt.getTime() !== endsAt.getTime() ||
				existing.mode !== details.mode ||
				existing.place !== details.place ||
				existing.remoteDetails !== details.remoteDetails;
			if (!moved) return [];
			const affected = activeBookingParticipants(tx, slotId);
			for (const participantId of affected) {
				enqueueBookingChange(
					tx,
					{ kind: 'booking_moved', participantId, slotId, startsAt, changeId: now.getTime() },
					now
				);
			}
			return affected;
		},
		{ behavior: 'immediate' }
	);
}

/** Cancels a slot and every booking on it; the participants see the reason on their page. */
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
	if (existing.endsAt.getTime() <= now.getTime())
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
				.set({
					status: 'cancelled_by_navigator',
					cancelledAt: now,
					cancelReason: reason,
					outcome: 'cancelled_by_navigator',
					outcomeBy: navigatorId,
					outcomeAt: now
				})
				.where(and(eq(table.booking.slotId, slotId), table.bookingIsActive))
				.run();
			enqueueSlotCancelled(tx, slotId, now);
			return affected;
		},
		{ behavior: 'immediate' }
	);
}

export type BookingRequest = {
	slotId: string;
	participantId: string;
	/** The participant themself, or their navigator booking on their behalf. */
	bookedBy: string;
};

/**
 * One of the participant's active bookings overlapping that time, if any: the listing of bookable
 * slots still offers such a slot, and booking it is refused, so anything choosing slots on a
 * participant's behalf needs this too.
 */
export function clashingBooking(
	db: Conn,
	participantId: string,
	time: { startsAt: Date; endsAt: Date }
) {
	return db
		.select({ slotId: table.slot.id, title: table.slot.title, startsAt: table.slot.startsAt })
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(
			and(
				eq(table.booking.participantId, participantId),
				table.bookingIsActive,
				lt(table.slot.startsAt, time.endsAt),
				gt(table.slot.endsAt, time.startsAt)
			)
		)
		.get();
}

/**
 * Books a place. Capacity is enforced by the database: a conditional increment of bookedCount
 * inside an immediate transaction, then the insert; the one-active-booking index stops doubles.
 */
export function bookSlot(db: Db, request: BookingRequest, now = new Date()) {
	const onBehalf = request.bookedBy !== request.participantId;
	const person = findParticipant(db, request.participantId);
	if (!person) fieldError('slotId', 'That session was not found.');
	if (person.status !== 'active')
		fieldError('slotId', 'The programme has ended, so there are no sessions to book.');
	return db.transaction(
		(tx) => {
			const found = tx.select().from(table.slot).where(eq(table.slot.id, request.slotId)).get();
			if (
				!found ||
				found.navigatorId !== person.navigatorId ||
				(found.participantId !== null && found.participantId !== request.participantId)
			)
				fieldError('slotId', 'That session was not found. It may have been removed.');
			if (found.status === 'cancelled')
				fieldError('slotId', 'That session has been cancelled. Please choose another time.');
			const notice = onBehalf ? 0 : bookingPolicy.minNoticeHours * hour;
			if (found.startsAt.getTime() - now.getTime() < notice)
				fieldError(
					'slotId',
					onBehalf
						? 'That session has already started.'
						: `Sessions need booking at least ${bookingPolicy.minNoticeHours} hours ahead. Please choose a later time.`
				);
			if (
				!onBehalf &&
				found.startsAt.getTime() > now.getTime() + bookingPolicy.bookingHorizonDays * 24 * hour
			)
				fieldError('slotId', 'That session is too far ahead to book yet.');

			const clash = clashingBooking(tx, request.participantId, found);
			if (clash?.slotId === found.id)
				fieldError(
					'slotId',
					onBehalf
						? 'They have already booked this session.'
						: 'You have already booked this session.'
				);
			if (clash)
				fieldError(
					'slotId',
					`${onBehalf ? 'They already have' : 'You already have'} a session at that time: ${formatDateTime(clash.startsAt, now)}.`
				);

			const claimed = tx
				.update(table.slot)
				.set({ bookedCount: sql`${table.slot.bookedCount} + 1` })
				.where(
					and(
						eq(table.slot.id, found.id),
						eq(table.slot.status, 'scheduled'),
						lt(table.slot.bookedCount, table.slot.capacity)
					)
				)
				.run();
			if (claimed.changes !== 1) throw new SessionFullError();
			const id = crypto.randomUUID();
			tx.insert(table.booking)
				.values({
					id,
					slotId: found.id,
					participantId: request.participantId,
					bookedBy: request.bookedBy,
					createdAt: now
				})
				.run();
			if (onBehalf) {
				enqueueBookingChange(
					tx,
					{
						kind: 'booking_made',
						participantId: request.participantId,
						slotId: found.id,
						startsAt: found.startsAt,
						changeId: id
					},
					now
				);
			}
			return id;
		},
		{ behavior: 'immediate' }
	);
}

function releasePlace(db: Conn, slotId: string) {
	db.update(table.slot)
		.set({ bookedCount: sql`max(${table.slot.bookedCount} - 1, 0)` })
		.where(eq(table.slot.id, slotId))
		.run();
}

function participantBookingWithSlot(db: Conn, participantId: string, bookingId: string) {
	return db
		.select({ booking: table.booking, slot: table.slot })
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(and(eq(table.booking.id, bookingId), eq(table.booking.participantId, participantId)))
		.get();
}

/** True while the participant may still cancel by themself. */
export function canCancel(
	startsAt: Date,
	now = new Date(),
	cutoffHours: number = bookingPolicy.cancelCutoffHours
) {
	return startsAt.getTime() - now.getTime() >= cutoffHours * hour;
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
			if (!canCancel(found.slot.startsAt, now, cutoffHours))
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
			if (found.slot.endsAt.getTime() <= now.getTime())
				fieldError('bookingId', 'This session is over. Please message your navigator instead.');
			tx.update(table.booking)
				.set({ cantMakeItReason: reason, cantMakeItAt: now })
				.where(eq(table.booking.id, bookingId))
				.run();
		},
		{ behavior: 'immediate' }
	);
}

/** The navigator releases one booking, for example after an "I can't make it". */
export function releaseBooking(
	db: Db,
	navigatorId: string,
	bookingId: string,
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
						eq(table.slot.navigatorId, navigatorId),
						eq(table.participant.navigatorId, navigatorId)
					)
				)
				.get();
			if (!found) fieldError('bookingId', 'That booking was not found.');
			if (found.booking.status !== 'booked')
				fieldError('bookingId', 'This booking is already cancelled.');
			tx.update(table.booking)
				.set({
					status: 'cancelled_by_navigator',
					cancelledAt: now,
					cancelReason: reason,
					outcome: 'cancelled_by_navigator',
					outcomeBy: navigatorId,
					outcomeAt: now
				})
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

const slotColumns = {
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

/** Slots a participant may book: their navigator's, open to all or to them, with notice, not full. */
export function listBookableSlots(
	db: Db,
	participantId: string,
	now = new Date(),
	type: SessionType | null = null
) {
	const person = findParticipant(db, participantId);
	if (!person || person.status !== 'active') return [];
	const mine = db
		.select({ slotId: table.booking.slotId })
		.from(table.booking)
		.where(and(eq(table.booking.participantId, participantId), table.bookingIsActive));
	return db
		.select(slotColumns)
		.from(table.slot)
		.where(
			and(
				eq(table.slot.navigatorId, person.navigatorId),
				eq(table.slot.status, 'scheduled'),
				or(isNull(table.slot.participantId), eq(table.slot.participantId, participantId)),
				gte(table.slot.startsAt, new Date(now.getTime() + bookingPolicy.minNoticeHours * hour)),
				lte(
					table.slot.startsAt,
					new Date(now.getTime() + bookingPolicy.bookingHorizonDays * 24 * hour)
				),
				lt(table.slot.bookedCount, table.slot.capacity),
				type ? eq(table.slot.type, type) : undefined,
				sql`${table.slot.id} not in ${mine}`
			)
		)
		.orderBy(asc(table.slot.startsAt))
		.all();
}

const bookingColumns = {
	id: table.booking.id,
	status: table.booking.status,
	cancelReason: table.booking.cancelReason,
	cancelledAt: table.booking.cancelledAt,
	cantMakeItReason: table.booking.cantMakeItReason,
	cantMakeItAt: table.booking.cantMakeItAt,
	checkedInAt: table.booking.checkedInAt,
	outcome: table.booking.outcome,
	bookedBy: table.booking.bookedBy
};

type BookingRow = {
	status: table.BookingStatus;
	outcome: table.AttendanceOutcome | null;
	checkedInAt: Date | null;
	cantMakeItAt: Date | null;
};

/** The booking with where it stands now, in the words every page shares. */
function withState<Row extends BookingRow>(
	row: Row,
	slot: { type: SessionType; startsAt: Date },
	now: Date
) {
	return {
		...row,
		state: sessionState({ ...row, bookingStatus: row.status, ...slot }, now)
	};
}

/** A participant's own sessions: still to come (including cancelled ones), and past ones. */
export function listParticipantSessions(db: Db, participantId: string, now = new Date()) {
	const rows = db
		.select({ ...bookingColumns, slot: slotColumns })
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(eq(table.booking.participantId, participantId))
		.orderBy(asc(table.slot.startsAt))
		.all()
		.map((r) => withState(r, r.slot, now));
	return {
		upcoming: rows.filter((r) => r.slot.endsAt.getTime() > now.getTime()),
		past: rows.filter((r) => r.slot.endsAt.getTime() <= now.getTime()).reverse()
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
	return found && withState(found, found.slot, now);
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
				eq(table.booking.participantId, sql.placeholder('participantId')),
				table.bookingIsActive,
				gt(table.slot.endsAt, sql.placeholder('nowMs'))
			)
		)
		.prepare()
);

export function nextBookingFor(db: Db, participantId: string, now = new Date()) {
	const found = nextBooking(db).get({ participantId, nowMs: now.getTime() });
	return found?.firstStart == null ? undefined : { id: found.id, slot: found.slot };
}

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
		bookings: bookingsOfSlots(db, navigatorId, [slotId]).map((b) => withState(b, slot, now))
	};
}

/** For the navigator's participant page: that participant's sessions, newest first. */
export function listSessionsOfParticipant(db: Db, participantId: string, now = new Date()) {
	const { upcoming, past } = listParticipantSessions(db, participantId, now);
	return { upcoming, past: past.slice(0, 20) };
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
				gt(table.slot.endsAt, now)
			)
		)
		.orderBy(desc(table.booking.cantMakeItAt))
		.all();
}
