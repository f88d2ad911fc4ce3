import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { createTestDb, fieldErrorsOf } from '$fixtures/test-db';
import { checkinCode } from './check-in-code';
import { delayedCheckinsToReview, reviewDelayedCheckin } from './delayed-check-ins';
import { replayCheckIn } from './offline-check-ins';
import { listAttendance } from './report';

const start = new Date('2026-03-10T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

let db: Db;
let navigator: string;
let other: string;
let participant: string;
let bookingId: string;

beforeEach(() => {
	db = createTestDb();
	const f = makeFixture(db);
	navigator = f.addUser('nav', 'navigator');
	other = f.addUser('nav2', 'navigator');
	participant = f.addParticipant('p1', navigator);
	const slotId = f.addSlot(navigator, start);
	bookingId = f.addBooking(slotId, participant);
	const madeAt = at(12);
	replayCheckIn(
		db,
		participant,
		{
			key: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
			userId: participant,
			madeAt: madeAt.getTime(),
			code: checkinCode(f.secretOf(slotId), madeAt)
		},
		at(35)
	);
});

const booking = () => db.select().from(table.booking).where(eq(table.booking.id, bookingId)).get()!;

describe('a check-in that reached the server late', () => {
	it('is listed for the navigator with the time the phone gave and when it arrived', () => {
		expect(delayedCheckinsToReview(db, navigator)).toEqual([
			expect.objectContaining({
				bookingId,
				participantId: participant,
				claimedAt: at(12),
				arrivedAt: at(35),
				late: true
			})
		]);
		expect(delayedCheckinsToReview(db, other)).toEqual([]);
	});

	it('is not attended until the navigator confirms it', () => {
		const row = () => listAttendance(db, {}, at(60)).find((r) => r.bookingId === bookingId)!;
		const outcome = () => row().effective;
		expect(outcome()).toBe('missed');
		expect(row().delayedCheckinReview).toBe('pending');
		expect(reviewDelayedCheckin(db, navigator, bookingId, 'confirmed', at(50))).toBe(participant);
		expect(booking()).toMatchObject({
			checkedInAt: at(12),
			delayedCheckinReview: 'confirmed',
			delayedCheckinReviewedBy: navigator
		});
		expect(outcome()).toBe('late');
		expect(row().delayedCheckinReview).toBe('confirmed');
		expect(delayedCheckinsToReview(db, navigator)).toEqual([]);
	});

	it('stays without a check-in when the navigator rejects it, and cannot be decided twice', () => {
		expect(reviewDelayedCheckin(db, navigator, bookingId, 'rejected', at(50))).toBe(participant);
		expect(booking()).toMatchObject({ checkedInAt: null, delayedCheckinReview: 'rejected' });
		expect(
			fieldErrorsOf(() => reviewDelayedCheckin(db, navigator, bookingId, 'confirmed', at(51)))
		).toEqual({
			[`checkin-${bookingId}`]: 'This check-in has already been decided or is not on your caseload.'
		});
		expect(booking().checkedInAt).toBeNull();
	});

	it('can be decided only by the navigator of the participant now', () => {
		expect(
			fieldErrorsOf(() => reviewDelayedCheckin(db, other, bookingId, 'confirmed', at(50)))
		).toHaveProperty(`checkin-${bookingId}`);
		expect(booking()).toMatchObject({ checkedInAt: null, delayedCheckinReview: 'pending' });
	});
});
