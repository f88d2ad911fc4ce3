import { and, asc, between, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { formatDateTime } from '../../dates';
import { bookingPolicy, isSlotOpen, selfBookingWindow } from '../../scheduling-rules';
import { findParticipant } from '../accounts';
import type { Db } from '../db/open';
import { enqueueBookingChange } from '../notifications/queue';
import * as table from '../db/schema';
import type { SessionType } from '../db/schema';
import { fieldError, InputError } from '../input';
import { slotColumns } from './columns';

/** placesLeft > 0, as a condition: a slot is listed, and a place claimed, only while it holds. */
const hasPlaceLeft = lt(table.slot.bookedCount, table.slot.capacity);

/** The places left are gone: the route offers other times. */
export class SessionFullError extends InputError {
	constructor() {
		super({ slotId: 'That session is now full. Please choose another time.' }, 409);
		this.name = 'SessionFullError';
	}
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
	db: Pick<Db, 'select'>,
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
			if (onBehalf) {
				if (!isSlotOpen(found, now)) fieldError('slotId', 'That session has already started.');
			} else {
				const window = selfBookingWindow(now);
				if (found.startsAt.getTime() < window.earliest.getTime())
					fieldError(
						'slotId',
						`Sessions need booking at least ${bookingPolicy.minNoticeHours} hours ahead. Please choose a later time.`
					);
				if (found.startsAt.getTime() > window.latest.getTime())
					fieldError('slotId', 'That session is too far ahead to book yet.');
			}

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
				.where(and(eq(table.slot.id, found.id), eq(table.slot.status, 'scheduled'), hasPlaceLeft))
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
	const window = selfBookingWindow(now);
	return db
		.select(slotColumns)
		.from(table.slot)
		.where(
			and(
				eq(table.slot.navigatorId, person.navigatorId),
				eq(table.slot.status, 'scheduled'),
				or(isNull(table.slot.participantId), eq(table.slot.participantId, participantId)),
				between(table.slot.startsAt, window.earliest, window.latest),
				hasPlaceLeft,
				type ? eq(table.slot.type, type) : undefined,
				sql`${table.slot.id} not in ${mine}`
			)
		)
		.orderBy(asc(table.slot.startsAt))
		.all();
}
