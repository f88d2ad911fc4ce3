import { describe, expect, it } from 'vitest';
import * as table from '../db/schema';
import { fieldErrorsOf, writeBeforeNextTransaction } from '$fixtures/test-db';
import { bookSlot, listBookableSlots } from './booking';
import { cancelBooking, cancelSlot, releaseBooking, sendCantMakeIt } from './cancellation';
import { now, setUp, slotInput, slotsOf } from '$fixtures/scheduling';
import {
	findParticipantSession,
	listParticipantSessions,
	nextBookingFor
} from './participant-sessions';
import { createSlots } from './slots';

describe('cancelling', () => {
	it('lets a participant cancel up to 24 hours before, then asks for "I can\'t make it"', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ date: '2026-03-21', time: '12:30' }), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		const late = new Date('2026-03-20T12:31:00Z');
		expect(fieldErrorsOf(() => cancelBooking(db, 'p1', bookingId, late)).bookingId).toContain(
			"I can't make it"
		);
		expect(fieldErrorsOf(() => cancelBooking(db, 'p2', bookingId, now)).bookingId).toContain(
			'not found'
		);
		expect(fieldErrorsOf(() => sendCantMakeIt(db, 'p1', bookingId, '', late)).reason).toBeTruthy();
		sendCantMakeIt(db, 'p1', bookingId, 'My bus was cancelled', late);
		expect(findParticipantSession(db, 'p1', bookingId)?.cantMakeItReason).toBe(
			'My bus was cancelled'
		);

		cancelBooking(db, 'p1', bookingId, late, 12);
		expect(slotsOf(db)[0].bookedCount).toBe(0);
		expect(nextBookingFor(db, 'p1', late)).toBeUndefined();
		expect(fieldErrorsOf(() => cancelBooking(db, 'p1', bookingId, late, 12)).bookingId).toContain(
			'already cancelled'
		);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
	});

	it('refuses "I can\'t make it" once the participant has checked in, and says they checked in', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ date: '2026-03-21', time: '12:30' }), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		const arrived = new Date('2026-03-21T12:22:00Z');
		db.update(table.booking).set({ checkedInAt: arrived }).run();
		expect(
			fieldErrorsOf(() => sendCantMakeIt(db, 'p1', bookingId, 'Running late', arrived)).bookingId
		).toContain('checked in');
		const session = findParticipantSession(db, 'p1', bookingId, arrived);
		expect(session?.cantMakeItAt).toBeNull();
		expect(session?.state).toMatchObject({ key: 'checked_in', label: 'Checked in at 12:22pm' });
	});

	it('cancels a slot with a reason that every booked participant sees', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'n1' }, now);
		expect(fieldErrorsOf(() => cancelSlot(db, 'n1', slotId, '', now)).reason).toBeTruthy();
		expect(fieldErrorsOf(() => cancelSlot(db, 'n2', slotId, 'Ill', now)).slotId).toContain(
			'not found'
		);
		expect(cancelSlot(db, 'n1', slotId, 'The room is flooded', now).sort()).toEqual(['p1', 'p2']);
		const mine = listParticipantSessions(db, 'p1', now).upcoming[0];
		expect(mine.status).toBe('cancelled_by_navigator');
		expect(mine.cancelReason).toBe('The room is flooded');
		expect(listBookableSlots(db, 'p3', now)).toHaveLength(0);
	});

	it('answers the second of two cancellations at once that it is already cancelled, keeping the first reason', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		writeBeforeNextTransaction(db, () => cancelSlot(db, 'n1', slotId, 'The room is flooded', now));
		expect(fieldErrorsOf(() => cancelSlot(db, 'n1', slotId, 'I am ill', now)).slotId).toBe(
			'This session is already cancelled.'
		);
		expect(listParticipantSessions(db, 'p1', now).upcoming[0].cancelReason).toBe(
			'The room is flooded'
		);
	});

	it('lets a navigator release one booking of their own slot only, named with that slot', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput(), now);
		const [otherSlotId] = createSlots(db, 'n1', slotInput({ time: '15:00' }), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		expect(
			fieldErrorsOf(() => releaseBooking(db, 'n2', { slotId, bookingId }, 'x', now)).bookingId
		).toContain('not found');
		expect(
			fieldErrorsOf(() => releaseBooking(db, 'n1', { slotId: otherSlotId, bookingId }, 'x', now))
				.bookingId
		).toContain('not found');
		expect(listParticipantSessions(db, 'p1', now).upcoming[0].status).toBe('booked');
		expect(releaseBooking(db, 'n1', { slotId, bookingId }, 'Rebooked for Friday', now)).toBe('p1');
		expect(slotsOf(db).find((s) => s.id === slotId)!.bookedCount).toBe(0);
	});
});
