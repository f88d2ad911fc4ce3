import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import {
	attendanceByWeek,
	attendanceCsv,
	attendanceFacts,
	attendanceRowsOf,
	caseloadAttendance,
	effectiveOutcome,
	figures,
	listAttendance,
	missesInARow,
	outcomeHistories,
	programmeFiguresOf,
	recordOutcome,
	tallyProgramme
} from './attendance';
import type { Db } from './db/open';
import * as table from './db/schema';
import { InputError } from './input';
import { createTestDb } from './test-db';

/** The coordinator's figures, counted now. */
const programmeAttendance = async (
	db: Db,
	now: Date,
	options?: Parameters<typeof tallyProgramme>[2]
) => programmeFiguresOf(db, await tallyProgramme(db, now, options));

const now = new Date('2026-03-20T12:00:00Z');
const daysAgo = (d: number, hour = 10) => new Date(Date.UTC(2026, 2, 20 - d, hour, 0, 0));

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

describe('figures', () => {
	const rows = (outcomes: string[]) =>
		outcomes.map((effective, i) => ({
			effective,
			startsAt: daysAgo(outcomes.length - i).getTime()
		})) as never[];

	it('counts misses in a row since the last attendance, skipping acceptable absences', () => {
		expect(missesInARow(rows(['attended', 'missed', 'missed_unacceptable']))).toBe(2);
		expect(
			missesInARow(rows(['missed', 'attended', 'missed', 'missed_acceptable', 'missed']))
		).toBe(2);
		expect(missesInARow(rows(['missed', 'late']))).toBe(0);
		expect(missesInARow(rows(['missed', 'missed', 'upcoming']))).toBe(2);
	});

	it('gives an attendance rate where acceptable absences do not count against', () => {
		const f = figures(rows(['attended', 'late', 'missed', 'missed_acceptable', 'upcoming']));
		expect(f).toMatchObject({
			booked: 4,
			attended: 2,
			late: 1,
			missed: 1,
			missedAcceptable: 1,
			rate: 67
		});
		expect(figures([]).rate).toBeNull();
	});

	it('groups by London week, Monday first', () => {
		const weeks = attendanceByWeek([
			{ effective: 'attended', startsAt: Date.parse('2026-03-16T10:00:00Z') },
			{ effective: 'missed', startsAt: Date.parse('2026-03-22T23:30:00Z') },
			{ effective: 'late', startsAt: Date.parse('2026-03-09T10:00:00Z') }
		]);
		expect(weeks).toEqual([
			{ week: '2026-03-09', attended: 1, missed: 0, excused: 0 },
			{ week: '2026-03-16', attended: 1, missed: 1, excused: 0 }
		]);
	});
});

describe('the attendance CSV', () => {
	it('neutralises cells a spreadsheet would run as formulas, full-width ones too', () => {
		const row = {
			startsAt: new Date('2026-03-10T10:00:00Z'),
			displayName: '＝HYPERLINK("http://x")',
			reference: '+CP-1',
			title: '@Meeting',
			type: 'one_to_one',
			effective: 'attended',
			state: { key: 'attended' },
			checkedInAt: null,
			outcomeReason: '=1+1'
		} as unknown as Parameters<typeof attendanceCsv>[0][number];
		const [, line] = attendanceCsv([row]).split('\r\n');
		expect(line).toContain(`"'＝HYPERLINK(""http://x"")"`);
		expect(line).toContain("'+CP-1");
		expect(line).toContain("'@Meeting");
		expect(line).toContain("'=1+1");
	});
});

describe('with a database', () => {
	let db: Db;
	let f: ReturnType<typeof makeFixture>;
	let nav1: string;
	let nav2: string;
	let p1: string;
	let p2: string;

	beforeEach(() => {
		db = createTestDb();
		f = makeFixture(db);
		nav1 = f.addUser('nav1', 'navigator');
		nav2 = f.addUser('nav2', 'navigator');
		p1 = f.addParticipant('p1', nav1);
		p2 = f.addParticipant('p2', nav2);
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

	it('shows a navigator only their current caseload, so reassignment counts at once', () => {
		f.addBooking(f.addSlot(nav1, daysAgo(3)), p1);
		f.addBooking(f.addSlot(nav2, daysAgo(3)), p2);
		expect(listAttendance(db, { navigatorId: nav1 }, now).map((r) => r.participantId)).toEqual([
			p1
		]);
		db.update(table.participant)
			.set({ navigatorId: nav2 })
			.where(eq(table.participant.userId, p1))
			.run();
		expect(listAttendance(db, { navigatorId: nav1 }, now)).toEqual([]);
		expect(listAttendance(db, { navigatorId: nav2 }, now)).toHaveLength(2);
	});

	it('sums up each participant of the caseload, by name', () => {
		const p3 = f.addParticipant('p3', nav1);
		f.addBooking(f.addSlot(nav1, daysAgo(9)), p3);
		f.addBooking(f.addSlot(nav1, daysAgo(2)), p3);
		f.addBooking(f.addSlot(nav1, daysAgo(1)), p1, { checkedInAt: daysAgo(1, 9) });
		f.addBooking(f.addSlot(nav1, new Date('2026-03-24T10:00:00Z')), p1);
		const rows = caseloadAttendance(db, nav1, now);
		expect(rows.map((r) => r.displayName)).toEqual(['p1', 'p3']);
		expect(rows[0].figures.rate).toBe(100);
		expect(rows[0]).toMatchObject({
			nextBookingAt: new Date('2026-03-24T10:00:00Z'),
			nextBookingTitle: 'Meeting with your navigator',
			lastContactAt: daysAgo(1, 9),
			lastCheckinAt: daysAgo(1, 9)
		});
		expect(rows[1]).toMatchObject({ missesInARow: 2, nextBookingAt: null, lastCheckinAt: null });
	});

	it('filters the report by date range, type and outcome', () => {
		f.addBooking(f.addSlot(nav1, daysAgo(10), { type: 'group' }), p1, { checkedInAt: daysAgo(10) });
		f.addBooking(f.addSlot(nav1, daysAgo(3)), p1);
		expect(
			listAttendance(db, { navigatorId: nav1, from: '2026-03-15', to: '2026-03-20' }, now)
		).toHaveLength(1);
		expect(listAttendance(db, { navigatorId: nav1, type: 'group' }, now)).toHaveLength(1);
		expect(listAttendance(db, { navigatorId: nav1, outcome: 'missed' }, now)[0].type).toBe(
			'one_to_one'
		);
	});

	it("gives the report's figures the same bookings, order and outcomes as the full rows", () => {
		const p3 = f.addParticipant('p3', nav1);
		const sameStart = daysAgo(4);
		f.addBooking(f.addSlot(nav1, sameStart), p3, { checkedInAt: daysAgo(4, 10) });
		f.addBooking(f.addSlot(nav1, sameStart), p1, {
			checkedInAt: new Date(sameStart.getTime() + 20 * 60_000)
		});
		f.addBooking(f.addSlot(nav1, daysAgo(6)), p1, { outcome: 'missed_acceptable' });
		f.addBooking(f.addSlot(nav1, daysAgo(8)), p1, { status: 'cancelled_by_navigator' });
		f.addBooking(f.addSlot(nav1, daysAgo(9)), p1, { status: 'cancelled_by_participant' });
		f.addBooking(f.addSlot(nav1, daysAgo(2)), p3);
		f.addBooking(f.addSlot(nav1, new Date('2026-03-25T10:00:00Z')), p1);
		f.addBooking(f.addSlot(nav2, daysAgo(2)), p2);
		for (const filter of [
			{ navigatorId: nav1 },
			{ navigatorId: nav1, from: '2026-03-14', to: '2026-03-20' },
			{ navigatorId: nav1, outcome: 'missed' as const },
			{ navigatorId: nav1, participantId: p1, type: 'one_to_one' as const }
		]) {
			const full = listAttendance(db, filter, now);
			expect(attendanceFacts(db, filter, now)).toEqual(
				full.map((r) => ({
					bookingId: r.bookingId,
					participantId: r.participantId,
					startsAt: r.startsAt.getTime(),
					effective: r.effective
				}))
			);
		}
		expect(attendanceFacts(db, { navigatorId: nav1 }, now).map((r) => r.effective)).toEqual([
			'upcoming',
			'missed',
			'late',
			'attended',
			'missed_acceptable',
			'cancelled_by_navigator'
		]);
	});

	it("reads full rows for a page's bookings in the order asked, and never another caseload's", () => {
		const older = f.addBooking(f.addSlot(nav1, daysAgo(5)), p1);
		const newer = f.addBooking(f.addSlot(nav1, daysAgo(1)), p1, { checkedInAt: daysAgo(1) });
		const theirs = f.addBooking(f.addSlot(nav2, daysAgo(2)), p2);
		const rows = attendanceRowsOf(db, nav1, [older, theirs, newer], now);
		expect(rows.map((r) => [r.bookingId, r.effective])).toEqual([
			[older, 'missed'],
			[newer, 'attended']
		]);
		expect(rows[0]).toEqual(listAttendance(db, { navigatorId: nav1 }, now)[1]);
		expect(attendanceRowsOf(db, nav1, [], now)).toEqual([]);
	});

	it('gives the coordinator figures per navigator and per session type', async () => {
		f.addBooking(f.addSlot(nav1, daysAgo(3)), p1, { checkedInAt: daysAgo(3) });
		f.addBooking(f.addSlot(nav2, daysAgo(3), { type: 'group' }), p2);
		const p = await programmeAttendance(db, now);
		expect(p.perNavigator.map((n) => [n.displayName, n.rate])).toEqual([
			['nav1', 100],
			['nav2', 0]
		]);
		expect(p.perType.find((t) => t.type === 'group')?.missed).toBe(1);
	});

	it("tallies the programme's figures the same as the figures of every row, a batch at a time", async () => {
		const p3 = f.addParticipant('p3', nav1);
		f.addBooking(f.addSlot(nav1, daysAgo(3)), p1, { checkedInAt: daysAgo(3, 11) });
		f.addBooking(f.addSlot(nav1, daysAgo(4), { type: 'group' }), p3, {
			outcome: 'missed_acceptable'
		});
		f.addBooking(f.addSlot(nav1, daysAgo(5)), p3, { outcome: 'missed_unacceptable' });
		f.addBooking(f.addSlot(nav1, daysAgo(6)), p3, { status: 'cancelled_by_navigator' });
		f.addBooking(f.addSlot(nav1, daysAgo(7)), p3, { status: 'cancelled_by_participant' });
		f.addBooking(f.addSlot(nav2, daysAgo(2), { type: 'partner' }), p2, { checkedInAt: daysAgo(2) });
		f.addBooking(f.addSlot(nav2, daysAgo(1)), p2);
		f.addBooking(f.addSlot(nav2, new Date('2026-03-23T10:00:00Z')), p2);
		let pauses = 0;
		const p = await programmeAttendance(db, now, {
			batch: 3,
			pause: async () => {
				pauses++;
			}
		});
		// Seven bookings the figures count, three at a time: a pause after each full batch.
		expect(pauses).toBe(2);
		expect(await programmeAttendance(db, now)).toEqual(p);
		expect(p.overall).toEqual(figures(listAttendance(db, {}, now)));
		for (const nav of [nav1, nav2])
			expect(p.perNavigator.find((n) => n.id === nav)).toMatchObject(
				figures(listAttendance(db, { navigatorId: nav }, now))
			);
		for (const type of table.sessionTypes)
			expect(p.perType.find((t) => t.type === type)).toMatchObject(
				figures(listAttendance(db, { type }, now))
			);
		expect(p.overall).toMatchObject({ booked: 5, attended: 2, late: 1, missed: 2 });
	});
});
