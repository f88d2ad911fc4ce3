import { describe, expect, it } from 'vitest';
import { londonToInstant } from '../../dates';
import { reassignParticipant } from '../accounts';
import { fieldErrorsOf } from '$fixtures/test-db';
import { bookSlot } from './booking';
import { releaseBooking, sendCantMakeIt } from './cancellation';
import { now, setUp, slotInput } from '$fixtures/scheduling';
import { findNavigatorSlot, listCantMakeItRequests, listNavigatorWeek } from './navigator-schedule';
import { listParticipantSessions } from './participant-sessions';
import { createSlots } from './slots';

describe('after a participant moves to another navigator', () => {
	it('the former navigator no longer sees who they are on their own slots, nor releases them', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		const moved = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'p2' }, now);
		sendCantMakeIt(db, 'p1', moved, 'My bus is not running', now);
		const [ownSlotId] = createSlots(
			db,
			'n1',
			slotInput({ participantId: 'p1', time: '14:00' }),
			now
		);
		reassignParticipant(db, 'p1', 'n2');

		const week = listNavigatorWeek(db, 'n1', '2026-03-23');
		expect(week.find((s) => s.id === slotId)!.bookings.map((b) => b.participantId)).toEqual(['p2']);
		expect(week.find((s) => s.id === ownSlotId)!.forName).toBeNull();
		expect(findNavigatorSlot(db, 'n1', slotId)!.bookings.map((b) => b.participantId)).toEqual([
			'p2'
		]);
		expect(findNavigatorSlot(db, 'n1', ownSlotId)!.forName).toBeNull();
		expect(listCantMakeItRequests(db, 'n1', now)).toEqual([]);
		expect(
			fieldErrorsOf(() => releaseBooking(db, 'n1', { slotId, bookingId: moved }, 'x', now))
				.bookingId
		).toContain('not found');
		expect(listParticipantSessions(db, 'p1', now).upcoming[0].status).toBe('booked');
	});
});

describe('"can\'t make it" requests', () => {
	it('reach the navigator while the participant can still send one, until the session ends', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput(), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		const endsAt = londonToInstant('2026-03-23', '10:45');
		const justBefore = new Date(endsAt.getTime() - 1);
		sendCantMakeIt(db, 'p1', bookingId, 'My bus is not running', justBefore);
		expect(listCantMakeItRequests(db, 'n1', justBefore).map((r) => r.id)).toEqual([bookingId]);
		expect(listCantMakeItRequests(db, 'n1', endsAt)).toEqual([]);
		expect(
			fieldErrorsOf(() => sendCantMakeIt(db, 'p1', bookingId, 'Still no bus', endsAt)).bookingId
		).toContain('over');
	});
});
