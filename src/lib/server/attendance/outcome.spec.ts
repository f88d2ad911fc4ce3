import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import * as table from '../db/schema';
import { createTestDb } from '$fixtures/test-db';
import { cameToSession, effectiveOutcome, isAttended } from './outcome';

const now = new Date('2026-03-20T12:00:00Z');

describe('effective outcome', () => {
	const base = { type: 'one_to_one' as const, bookingStatus: 'booked' as const, outcome: null };
	const start = new Date('2026-03-20T10:00:00Z');

	it('infers missed once the window has closed without a check-in', () => {
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: null },
				new Date('2026-03-20T10:30:00Z')
			)
		).toBe('upcoming');
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: null },
				new Date('2026-03-20T10:30:01Z')
			)
		).toBe('missed');
	});

	it('reads a check-in as attended or late, and a recorded outcome wins', () => {
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: new Date('2026-03-20T10:10:00Z') },
				now
			)
		).toBe('attended');
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: new Date('2026-03-20T10:11:00Z') },
				now
			)
		).toBe('late');
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: null, outcome: 'missed_acceptable' },
				now
			)
		).toBe('missed_acceptable');
	});
});

describe('came to the session, in SQL and in JavaScript', () => {
	it('agrees on every recorded outcome, check-in and time of an active booking', () => {
		const db = createTestDb();
		const f = makeFixture(db);
		const navigator = f.addUser('nav', 'navigator');
		const participant = f.addParticipant('p1', navigator);
		const minutes = (start: Date, m: number) => new Date(start.getTime() + m * 60_000);
		for (const startsAt of [new Date('2026-03-19T10:00:00Z'), new Date('2026-03-21T10:00:00Z')])
			for (const outcome of [null, ...table.attendanceOutcomes])
				for (const checkedInAt of [null, minutes(startsAt, 5), minutes(startsAt, 20)])
					f.addBooking(f.addSlot(navigator, startsAt), participant, { outcome, checkedInAt });

		const rows = db
			.select({
				type: table.slot.type,
				startsAt: table.slot.startsAt,
				bookingStatus: table.booking.status,
				outcome: table.booking.outcome,
				checkedInAt: table.booking.checkedInAt,
				cameInSql: sql<number>`case when ${cameToSession} then 1 else 0 end`
			})
			.from(table.booking)
			.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
			.where(table.bookingIsActive)
			.all();

		expect(rows).toHaveLength(2 * 6 * 3);
		expect(new Set(rows.map((r) => r.cameInSql))).toEqual(new Set([0, 1]));
		for (const { cameInSql, ...booking } of rows)
			expect([booking, cameInSql === 1]).toEqual([
				booking,
				isAttended(effectiveOutcome(booking, now))
			]);
	});
});
