import { describe, expect, it } from 'vitest';
import { londonToInstant } from '../../dates';
import { bookSlot } from './booking';
import { cancelBooking } from './cancellation';
import { now, setUp, slotInput } from '$fixtures/scheduling';
import { listParticipantSessions, nextBookingFor } from './participant-sessions';
import { createSlots } from './slots';

describe("the participant's next session", () => {
	it('is the booked one that starts first and has not ended', () => {
		const db = setUp();
		const dayBefore = new Date('2026-03-19T12:00:00Z');
		const slotOn = (date: string, time: string) =>
			createSlots(db, 'n1', slotInput({ date, time }), dayBefore)[0];
		const ended = slotOn('2026-03-20', '09:00');
		const later = slotOn('2026-03-27', '10:00');
		const sooner = slotOn('2026-03-23', '14:00');
		const cancelled = slotOn('2026-03-22', '10:00');
		const book = (slotId: string) =>
			bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, dayBefore);
		for (const slotId of [ended, later, sooner]) book(slotId);
		cancelBooking(db, 'p1', book(cancelled), dayBefore);

		const next = nextBookingFor(db, 'p1', now);
		expect(next?.slot.startsAt).toEqual(londonToInstant('2026-03-23', '14:00'));
		expect(next?.slot).toMatchObject({ type: 'one_to_one', mode: 'in_person' });
		expect(nextBookingFor(db, 'p2', now)).toBeUndefined();
	});
});

describe('a session ending', () => {
	it('leaves the home page and "Coming up" at the same moment', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput(), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		const endsAt = londonToInstant('2026-03-23', '10:45');
		const shown = (at: Date) => [
			nextBookingFor(db, 'p1', at)?.id ?? null,
			listParticipantSessions(db, 'p1', at).upcoming.map((s) => s.id)
		];
		expect(shown(new Date(endsAt.getTime() - 1))).toEqual([bookingId, [bookingId]]);
		expect(shown(endsAt)).toEqual([null, []]);
	});
});
