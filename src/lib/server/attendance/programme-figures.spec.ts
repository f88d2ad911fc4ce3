import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { createTestDb } from '$fixtures/test-db';
import { figures } from './figures';
import {
	keepingPolicy,
	keptProgrammeAttendance,
	programmeFiguresOf,
	tallyProgramme,
	workOutProgrammeFigures
} from './programme-figures';
import { listAttendance } from './report';

const minute = 60_000;
const start = new Date('2026-03-20T12:00:00Z');
const later = (minutes: number) => new Date(start.getTime() + minutes * minute);
const daysAgo = (d: number) => new Date(start.getTime() - d * 24 * 60 * minute);

describe("the coordinator's programme figures", () => {
	let db: Db;
	let f: ReturnType<typeof makeFixture>;
	let nav: string;
	let participant: string;
	const attendOne = () =>
		f.addBooking(f.addSlot(nav, daysAgo(3)), participant, { checkedInAt: daysAgo(3) });
	const missOne = () => f.addBooking(f.addSlot(nav, daysAgo(2)), participant);

	beforeEach(() => {
		db = createTestDb();
		f = makeFixture(db);
		nav = f.addUser('nav1', 'navigator');
		participant = f.addParticipant('p1', nav);
		attendOne();
	});

	it('are worked out on every view while that is quick, and match the live figures', async () => {
		const first = await keptProgrammeAttendance(db, start);
		expect(first.kept).toBeNull();
		expect(first.overall).toMatchObject({ booked: 1, attended: 1 });
		missOne();
		const { kept, ...shown } = await keptProgrammeAttendance(db, later(1));
		expect(kept).toBeNull();
		expect(shown).toEqual(programmeFiguresOf(db, await tallyProgramme(db, later(1))));
	});

	describe('when counting them is slow', () => {
		const slow = { ...keepingPolicy, workedOutEachTimeUnderMs: 0 };
		let refreshes: Promise<unknown>[];
		const view = (at: Date) =>
			keptProgrammeAttendance(db, at, {
				policy: slow,
				refresh: (db, now) => refreshes.push(workOutProgrammeFigures(db, now))
			});

		beforeEach(async () => {
			refreshes = [];
			await view(start);
		});

		it('are shown as kept, with their time, until they are stale', async () => {
			missOne();
			const soon = await view(later(5));
			expect(soon.overall).toMatchObject({ booked: 1, attended: 1 });
			expect(soon.kept).toEqual({
				workedOutAt: start,
				countedAgainAfterMinutes: keepingPolicy.freshForMs / minute
			});
			expect(refreshes).toHaveLength(0);
		});

		it('are counted again in the background once stale, and the next view has the new count', async () => {
			missOne();
			const stale = await view(later(11));
			expect(stale.overall).toMatchObject({ booked: 1, attended: 1 });
			expect(refreshes).toHaveLength(1);
			await refreshes[0];

			const next = await view(later(12));
			expect(next.overall).toMatchObject({ booked: 2, attended: 1 });
			expect(next.kept?.workedOutAt).toEqual(later(11));
		});

		it('are counted again before the page is shown when they are a day old', async () => {
			missOne();
			const nextDay = await view(later(25 * 60));
			expect(nextDay.overall).toMatchObject({ booked: 2, attended: 1 });
			expect(nextDay.kept).toBeNull();
			expect(refreshes).toHaveLength(0);
		});
	});
});

describe('tallying the programme', () => {
	const now = start;
	const daysAgoAt = (d: number, hour = 10) => new Date(Date.UTC(2026, 2, 20 - d, hour, 0, 0));
	/** The coordinator's figures, counted now. */
	const programmeAttendance = async (
		db: Db,
		now: Date,
		options?: Parameters<typeof tallyProgramme>[2]
	) => programmeFiguresOf(db, await tallyProgramme(db, now, options));

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

	it('gives the coordinator figures per navigator and per session type', async () => {
		f.addBooking(f.addSlot(nav1, daysAgoAt(3)), p1, { checkedInAt: daysAgoAt(3) });
		f.addBooking(f.addSlot(nav2, daysAgoAt(3), { type: 'group' }), p2);
		const p = await programmeAttendance(db, now);
		expect(p.perNavigator.map((n) => [n.displayName, n.rate])).toEqual([
			['nav1', 100],
			['nav2', 0]
		]);
		expect(p.perType.find((t) => t.type === 'group')?.missed).toBe(1);
	});

	it("tallies the programme's figures the same as the figures of every row, a batch at a time", async () => {
		const p3 = f.addParticipant('p3', nav1);
		f.addBooking(f.addSlot(nav1, daysAgoAt(3)), p1, { checkedInAt: daysAgoAt(3, 11) });
		f.addBooking(f.addSlot(nav1, daysAgoAt(4), { type: 'group' }), p3, {
			outcome: 'missed_acceptable'
		});
		f.addBooking(f.addSlot(nav1, daysAgoAt(5)), p3, { outcome: 'missed_unacceptable' });
		f.addBooking(f.addSlot(nav1, daysAgoAt(6)), p3, { status: 'cancelled_by_navigator' });
		f.addBooking(f.addSlot(nav1, daysAgoAt(7)), p3, { status: 'cancelled_by_participant' });
		f.addBooking(f.addSlot(nav2, daysAgoAt(2), { type: 'partner' }), p2, {
			checkedInAt: daysAgoAt(2)
		});
		f.addBooking(f.addSlot(nav2, daysAgoAt(1)), p2);
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
