import { beforeEach, describe, expect, it } from 'vitest';
import { daysAgo, makeFixture, now } from '$fixtures/attendance';
import type { Db } from '../db/open';
import { createTestDb } from '$fixtures/test-db';
import { caseloadAttendance } from './caseload';

describe('the caseload', () => {
	let db: Db;
	let f: ReturnType<typeof makeFixture>;
	let nav1: string;
	let p1: string;

	beforeEach(() => {
		db = createTestDb();
		f = makeFixture(db);
		nav1 = f.addUser('nav1', 'navigator');
		p1 = f.addParticipant('p1', nav1);
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
			lastContactAt: daysAgo(1, 9),
			lastCheckinAt: daysAgo(1, 9)
		});
		expect(rows[1]).toMatchObject({ missesInARow: 2, nextBookingAt: null, lastCheckinAt: null });
	});
});
