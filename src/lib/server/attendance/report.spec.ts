import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { daysAgo, makeFixture, now, twoCaseloads } from '$fixtures/attendance';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { attendanceCsv, attendanceFacts, attendanceRowsOf, listAttendance } from './report';

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

describe('the report', () => {
	let db: Db;
	let f: ReturnType<typeof makeFixture>;
	let nav1: string;
	let nav2: string;
	let p1: string;
	let p2: string;

	beforeEach(() => {
		({ db, f, nav1, nav2, p1, p2 } = twoCaseloads());
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
});
