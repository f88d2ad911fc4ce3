import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import { programmeFiguresOf, tallyProgramme } from './attendance';
import type { Db } from './db/open';
import {
	keepingPolicy,
	keptProgrammeAttendance,
	workOutProgrammeFigures
} from './programme-figures';
import { createTestDb } from './test-db';

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
		const { kept, ...figures } = await keptProgrammeAttendance(db, later(1));
		expect(kept).toBeNull();
		expect(figures).toEqual(programmeFiguresOf(db, await tallyProgramme(db, later(1))));
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
