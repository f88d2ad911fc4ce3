import { describe, expect, it } from 'vitest';
import { londonTime } from '../../dates';
import * as table from '../db/schema';
import { fieldErrorsOf } from '$fixtures/test-db';
import { bookSlot } from './booking';
import { now, setUp, slotInput, slotsOf } from '$fixtures/scheduling';
import { createSlots, updateSlot } from './slots';

describe('creating slots', () => {
	it('keeps 10:00 London time every week across 29 March 2026', () => {
		const db = setUp();
		const ids = createSlots(db, 'n1', slotInput({ date: '2026-03-23', repeatWeeks: '3' }), now);
		const slots = slotsOf(db).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
		expect(ids).toHaveLength(3);
		expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
			'2026-03-23T10:00:00.000Z',
			'2026-03-30T09:00:00.000Z',
			'2026-04-06T09:00:00.000Z'
		]);
		expect(slots.every((s) => londonTime(s.startsAt) === '10:00')).toBe(true);
		expect(new Set(slots.map((s) => s.seriesId)).size).toBe(1);
		expect(slots[0].endsAt.getTime() - slots[0].startsAt.getTime()).toBe(45 * 60_000);
		expect(slots[0].checkinSecret).toMatch(/^[A-Z2-7]{52}$/);
		expect(slots[0].checkinSecret).not.toBe(slots[1].checkinSecret);
	});

	it('keeps 18:30 London time every week across 25 October 2026', () => {
		const db = setUp();
		const autumn = new Date('2026-10-01T12:00:00Z');
		createSlots(
			db,
			'n1',
			slotInput({ date: '2026-10-19', time: '18:30', repeatWeeks: '2' }),
			autumn
		);
		const starts = slotsOf(db)
			.map((s) => s.startsAt.toISOString())
			.sort();
		expect(starts).toEqual(['2026-10-19T17:30:00.000Z', '2026-10-26T18:30:00.000Z']);
	});

	it('refuses bad input with a message per field and saves nothing', () => {
		const db = setUp();
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ date: '2026-03-19' }), now))
		).toEqual({
			date: 'The session must start in the future.'
		});
		const fields = fieldErrorsOf(() =>
			createSlots(
				db,
				'n1',
				slotInput({ minutes: '0', capacity: '5000', repeatWeeks: '27', place: '' }),
				now
			)
		);
		expect(Object.keys(fields).sort()).toEqual(['capacity', 'minutes', 'place', 'repeatWeeks']);
		expect(fields.repeatWeeks).toContain('1 to 26');
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ minutes: '-5' }), now)).minutes
		).toBeTruthy();
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ type: 'party' }), now)).type
		).toBeTruthy();
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ participantId: 'p5' }), now))
				.participantId
		).toContain('caseload');
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ mapUrl: 'javascript:alert(1)' }), now))
				.mapUrl
		).toContain('https://');
		expect(slotsOf(db)).toHaveLength(0);
	});

	it('warns about overlapping slots, and keeps both when told to', () => {
		const db = setUp();
		createSlots(db, 'n1', slotInput({ repeatWeeks: '4' }), now);
		const fields = fieldErrorsOf(() =>
			createSlots(db, 'n1', slotInput({ date: '2026-04-06', time: '10:30' }), now)
		);
		expect(fields.time).toContain('overlaps');
		expect(slotsOf(db)).toHaveLength(4);
		createSlots(
			db,
			'n1',
			slotInput({ date: '2026-04-06', time: '10:30', confirmOverlap: 'yes' }),
			now
		);
		createSlots(db, 'n2', slotInput({ date: '2026-04-06', time: '10:30' }), now);
		expect(slotsOf(db)).toHaveLength(6);
	});
});

describe('editing slots', () => {
	it('refuses fewer places than booked, and reports who a time change affects', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group', capacity: '3' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'p2' }, now);
		const edit = { ...slotInput({ capacity: '1', title: 'Group', minutes: '90' }) };
		expect(fieldErrorsOf(() => updateSlot(db, 'n1', slotId, edit, now)).capacity).toContain(
			'2 people have booked'
		);
		expect(slotsOf(db)[0].capacity).toBe(3);
		expect(updateSlot(db, 'n1', slotId, { ...edit, capacity: '2', minutes: '' }, now)).toEqual([]);
		expect(
			updateSlot(db, 'n1', slotId, { ...edit, capacity: '2', time: '11:00' }, now).sort()
		).toEqual(['p1', 'p2']);
		// Only the time change is news to them: each is told once, in words that name no session.
		const told = db.select().from(table.notification).all();
		expect(told.map((n) => [n.userId, n.kind, n.title]).sort()).toEqual([
			['p1', 'booking_moved', 'Appointment changed'],
			['p2', 'booking_moved', 'Appointment changed']
		]);
		expect(told[0].body).toMatch(/^Your appointment has changed\. It is now .* 11:00am\./);
		expect(told[0].body).not.toContain('Group');
		expect(fieldErrorsOf(() => updateSlot(db, 'n2', slotId, edit, now)).slotId).toContain(
			'not found'
		);
	});
});
