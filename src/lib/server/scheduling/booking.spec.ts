import { describe, expect, it } from 'vitest';
import { placesLeft } from '../../scheduling-rules';
import * as table from '../db/schema';
import { InputError } from '../input';
import { fieldErrorsOf } from '$fixtures/test-db';
import { bookSlot, listBookableSlots, SessionFullError } from './booking';
import { now, setUp, slotInput, slotsOf } from '$fixtures/scheduling';
import { createSlots } from './slots';

describe('booking', () => {
	it('fills exactly the places there are, then says the session is full', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group', capacity: '2' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'p2' }, now);
		expect(() => bookSlot(db, { slotId, participantId: 'p3', bookedBy: 'p3' }, now)).toThrow(
			SessionFullError
		);
		const slot = slotsOf(db)[0];
		expect(slot.bookedCount).toBe(2);
		expect(db.select().from(table.booking).all()).toHaveLength(2);
	});

	it('lists a slot while it has a place left, and says how many', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group', capacity: '2' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		expect(listBookableSlots(db, 'p3', now).map(placesLeft)).toEqual([1]);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'p2' }, now);
		expect(listBookableSlots(db, 'p3', now)).toEqual([]);
	});

	it('refuses the same slot twice and overlapping bookings', () => {
		const db = setUp();
		const [a] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		const [b] = createSlots(db, 'n1', slotInput({ time: '10:30', confirmOverlap: 'yes' }), now);
		bookSlot(db, { slotId: a, participantId: 'p1', bookedBy: 'p1' }, now);
		expect(
			fieldErrorsOf(() => bookSlot(db, { slotId: a, participantId: 'p1', bookedBy: 'p1' }, now))
				.slotId
		).toContain('already booked');
		expect(
			fieldErrorsOf(() => bookSlot(db, { slotId: b, participantId: 'p1', bookedBy: 'p1' }, now))
				.slotId
		).toContain('already have a session');
		expect(slotsOf(db).find((s) => s.id === b)?.bookedCount).toBe(0);
	});

	it('needs 2 hours notice, and never books the past', () => {
		const db = setUp();
		const [soon] = createSlots(db, 'n1', slotInput({ date: '2026-03-20', time: '13:30' }), now);
		expect(
			fieldErrorsOf(() => bookSlot(db, { slotId: soon, participantId: 'p1', bookedBy: 'p1' }, now))
				.slotId
		).toContain('2 hours');
		expect(listBookableSlots(db, 'p1', now)).toHaveLength(0);
		bookSlot(db, { slotId: soon, participantId: 'p1', bookedBy: 'n1' }, now);
		const later = new Date('2026-03-20T14:00:00Z');
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: soon, participantId: 'p2', bookedBy: 'n1' }, later)
			).slotId
		).toContain('already started');
	});

	it("lists only the participant's navigator's slots, open to all or to them, within 4 weeks", () => {
		const db = setUp();
		createSlots(db, 'n1', slotInput({ title: 'Open' }), now);
		createSlots(db, 'n1', slotInput({ title: 'For p1', time: '12:00', participantId: 'p1' }), now);
		createSlots(db, 'n1', slotInput({ title: 'For p2', time: '14:00', participantId: 'p2' }), now);
		createSlots(db, 'n1', slotInput({ title: 'Too far', date: '2026-04-20' }), now);
		const [foreign] = createSlots(
			db,
			'n2',
			slotInput({ title: 'Other team', participantId: 'p5' }),
			now
		);
		expect(listBookableSlots(db, 'p1', now).map((s) => s.title)).toEqual(['Open', 'For p1']);
		expect(listBookableSlots(db, 'p5', now).map((s) => s.title)).toEqual(['Other team']);
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: foreign, participantId: 'p1', bookedBy: 'p1' }, now)
			).slotId
		).toContain('not found');
		const forP2 = slotsOf(db).find((s) => s.title === 'For p2')!;
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: forP2.id, participantId: 'p1', bookedBy: 'p1' }, now)
			).slotId
		).toContain('not found');
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: 'no-such-slot', participantId: 'p1', bookedBy: 'p1' }, now)
			).slotId
		).toContain('not found');
		db.update(table.participant).set({ status: 'completed' }).run();
		expect(listBookableSlots(db, 'p1', now)).toEqual([]);
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: forP2.id, participantId: 'p2', bookedBy: 'p2' }, now)
			).slotId
		).toContain('programme has ended');
	});
});

describe('the booking window', () => {
	const hour = 3_600_000;
	const day = 24 * hour;
	const startsAt = new Date('2026-03-23T10:00:00Z');

	/** Whether p1 sees the slot listed at `at`, and whether booking it then succeeds. */
	function listedAndBookable(at: Date) {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput(), now);
		const listed = listBookableSlots(db, 'p1', at).some((s) => s.id === slotId);
		try {
			bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, at);
			return [listed, true];
		} catch (e) {
			if (e instanceof InputError) return [listed, false];
			throw e;
		}
	}

	it('lists a slot exactly when it can be booked, either side of the notice and the horizon', () => {
		const before = (ms: number) => listedAndBookable(new Date(startsAt.getTime() - ms));
		expect([
			before(2 * hour + 1),
			before(2 * hour),
			before(2 * hour - 1),
			before(28 * day + 1),
			before(28 * day),
			before(28 * day - 1)
		]).toEqual([
			[true, true],
			[true, true],
			[false, false],
			[false, false],
			[true, true],
			[true, true]
		]);
	});
});
