import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, eq, gt, lt, lte, sql } from 'drizzle-orm';
import {
	addDays,
	formatDateTime,
	isIsoDate,
	isTime,
	londonDate,
	londonToInstant
} from '../../dates';
import { bookingPolicy, isSlotOpen } from '../../scheduling-rules';
import { sessionTypeConfig } from '../../session-types';
import { findParticipantOfNavigator } from '../accounts';
import type { Db } from '../db/open';
import { enqueueBookingChange } from '../notifications/queue';
import * as table from '../db/schema';
import { sessionModes, sessionTypes, type SessionMode, type SessionType } from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector, InputError, textField } from '../input';
import { checkMapUrl, findPlace, listActivePlaces, placeText } from '../places';

const minute = 60_000;

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

/**
 * When a slot with these details starts and ends, `weeksLater` weeks after its date: the same
 * London wall-clock time each week, whichever side of a clock change.
 */
function timesOf(details: SlotDetails, weeksLater = 0) {
	const startsAt = londonToInstant(addDays(details.startDate, weeksLater * 7), details.time);
	return { startsAt, endsAt: new Date(startsAt.getTime() + details.minutes * minute) };
}

function checkStartsInFuture(startsAt: Date, now: Date) {
	if (startsAt.getTime() <= now.getTime())
		fieldError('date', 'The session must start in the future.');
}

function overlappingSlot(
	db: Pick<Db, 'select'>,
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

	const occurrences = Array.from({ length: repeatWeeks }, (_, week) => timesOf(details, week));
	checkStartsInFuture(occurrences[0].startsAt, now);

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

export function ownSlot(db: Db, navigatorId: string, slotId: string) {
	return db
		.select()
		.from(table.slot)
		.where(and(eq(table.slot.id, slotId), eq(table.slot.navigatorId, navigatorId)))
		.get();
}

export function activeBookingParticipants(db: Pick<Db, 'select'>, slotId: string) {
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
	if (!isSlotOpen(existing, now))
		fieldError('slotId', 'This session has already started, so it cannot be changed.');
	const c = fieldErrorCollector();
	const details = readSlotDetails(db, input, existing.type, now, c, existing.placeId);
	c.throwIfAny();
	if (!details) throw new InputError(c.errors);
	const { startsAt, endsAt } = timesOf(details);
	checkStartsInFuture(startsAt, now);

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
