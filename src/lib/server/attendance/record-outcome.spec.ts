import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { daysAgo, makeFixture, now, twoCaseloads } from '$fixtures/attendance';
import type { Connection } from '../db/open';
import * as table from '../db/schema';
import { InputError } from '../input';
import { outcomeHistories, recordOutcome } from './record-outcome';

describe('recording outcomes', () => {
	let db: Connection;
	let f: ReturnType<typeof makeFixture>;
	let nav1: string;
	let nav2: string;
	let p1: string;
	let p2: string;

	beforeEach(() => {
		({ db, f, nav1, nav2, p1, p2 } = twoCaseloads());
	});

	it('records and corrects an outcome, keeping each earlier value, who and when', () => {
		const slot = f.addSlot(nav1, daysAgo(2));
		const booking = f.addBooking(slot, p1);
		recordOutcome(
			db,
			nav1,
			{ bookingId: booking, outcome: 'missed_unacceptable', reason: '' },
			daysAgo(2, 12)
		);
		recordOutcome(
			db,
			nav1,
			{ bookingId: booking, outcome: 'missed_acceptable', reason: 'Hospital' },
			now
		);
		const history = outcomeHistories(db, [booking]).get(booking)!;
		expect(history.map((h) => [h.previousOutcome, h.newOutcome, h.changedBy])).toEqual([
			['missed_unacceptable', 'missed_acceptable', 'nav1'],
			[null, 'missed_unacceptable', 'nav1']
		]);
		const stored = db.select().from(table.booking).where(eq(table.booking.id, booking)).get()!;
		expect(stored).toMatchObject({
			outcome: 'missed_acceptable',
			outcomeReason: 'Hospital',
			outcomeBy: nav1
		});
	});

	it("reads a page's outcome histories in one go, each booking only its own, newest first", () => {
		const first = f.addBooking(f.addSlot(nav1, daysAgo(3)), p1);
		const second = f.addBooking(f.addSlot(nav1, daysAgo(2)), p1);
		const untouched = f.addBooking(f.addSlot(nav1, daysAgo(1)), p1);
		const elsewhere = f.addBooking(f.addSlot(nav2, daysAgo(2)), p2);
		const record = (nav: string, bookingId: string, outcome: string, at: Date) =>
			recordOutcome(db, nav, { bookingId, outcome, reason: '' }, at);
		record(nav1, first, 'missed_unacceptable', daysAgo(3, 12));
		record(nav1, second, 'late', daysAgo(2, 12));
		record(nav2, elsewhere, 'attended', daysAgo(2, 12));
		record(nav1, first, 'attended', daysAgo(1, 9));
		// Two changes in the same millisecond still come newest first.
		record(nav1, second, 'attended', daysAgo(1, 9));
		record(nav1, second, 'missed_unacceptable', daysAgo(1, 9));

		const queries: string[] = [];
		const prepare = db.$client.prepare;
		db.$client.prepare = ((source: string) => {
			queries.push(source);
			return prepare.call(db.$client, source);
		}) as typeof prepare;
		const histories = outcomeHistories(db, [first, second, untouched]);
		db.$client.prepare = prepare;

		expect(queries).toHaveLength(1);
		expect([...histories.keys()]).toEqual([first, second, untouched]);
		expect(histories.get(first)!.map((h) => [h.previousOutcome, h.newOutcome])).toEqual([
			['missed_unacceptable', 'attended'],
			[null, 'missed_unacceptable']
		]);
		expect(histories.get(second)!.map((h) => [h.previousOutcome, h.newOutcome])).toEqual([
			['attended', 'missed_unacceptable'],
			['late', 'attended'],
			[null, 'late']
		]);
		expect(histories.get(second)![0]).toMatchObject({ changedBy: 'nav1', reason: null });
		expect(histories.get(untouched)).toEqual([]);
		expect(histories.has(elsewhere)).toBe(false);
		expect(outcomeHistories(db, []).size).toBe(0);
	});

	it('needs a reason for an acceptable absence, and only for the own caseload', () => {
		const booking = f.addBooking(f.addSlot(nav1, daysAgo(2)), p1);
		expect(() =>
			recordOutcome(db, nav1, { bookingId: booking, outcome: 'missed_acceptable', reason: '' }, now)
		).toThrow(InputError);
		expect(() =>
			recordOutcome(db, nav2, { bookingId: booking, outcome: 'attended', reason: '' }, now)
		).toThrow(/not on your caseload/);
		expect(() =>
			recordOutcome(db, nav1, { bookingId: booking, outcome: 'nonsense', reason: '' }, now)
		).toThrow(InputError);
		expect(outcomeHistories(db, [booking]).get(booking)).toEqual([]);
	});
});
