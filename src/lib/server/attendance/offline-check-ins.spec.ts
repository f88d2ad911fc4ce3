import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { NotYourItem } from '../offline-actions';
import { createTestDb } from '$fixtures/test-db';
import { listParticipantSessions } from '../scheduling/participant-sessions';
import { checkinCode } from './check-in-code';
import { reviewDelayedCheckin } from './delayed-check-ins';
import { maxCheckInQueueAgeMs, replayCheckIn } from './offline-check-ins';

const start = new Date('2026-03-10T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

let db: Db;
let f: ReturnType<typeof makeFixture>;
let navigator: string;
let p1: string;
let p2: string;
let slotId: string;
let bookingId: string;

beforeEach(() => {
	db = createTestDb();
	f = makeFixture(db);
	navigator = f.addUser('nav', 'navigator');
	p1 = f.addParticipant('p1', navigator);
	p2 = f.addParticipant('p2', navigator);
	slotId = f.addSlot(navigator, start);
	bookingId = f.addBooking(slotId, p1);
});

const booking = () => db.select().from(table.booking).where(eq(table.booking.id, bookingId)).get()!;

describe('a check-in queued offline', () => {
	const key = 'a2b9e0f4-7d61-4f0e-8f0b-3c2d1e0f9a8b';

	it('counts at the moment it was made when it arrives straight after', () => {
		const madeAt = at(-5);
		const code = checkinCode(f.secretOf(slotId), madeAt);
		const item = { key, userId: p1, madeAt: madeAt.getTime(), code };
		const first = replayCheckIn(db, p1, item, at(-4));
		expect(first).toMatchObject({ ok: true, duplicate: false, done: { status: 'checked_in' } });
		expect(booking().checkedInAt).toEqual(madeAt);
		expect(booking().delayedCheckinReview).toBeNull();
	});

	it('waits for the navigator when it arrives late, with the code shown then, stored once', () => {
		const madeAt = at(-5);
		const code = checkinCode(f.secretOf(slotId), madeAt);
		const item = { key, userId: p1, madeAt: madeAt.getTime(), code };
		const first = replayCheckIn(db, p1, item, at(20));
		expect(first).toMatchObject({
			ok: true,
			duplicate: false,
			done: { status: 'awaiting_confirmation', late: false }
		});
		expect(booking()).toMatchObject({
			checkedInAt: null,
			delayedCheckinClaimedAt: madeAt,
			delayedCheckinArrivedAt: at(20),
			delayedCheckinReview: 'pending'
		});

		const again = replayCheckIn(db, p1, item, at(21));
		expect(again).toMatchObject({ ok: true, duplicate: true });
		expect(db.select().from(table.idempotencyKey).all()).toHaveLength(1);

		// The participant sees it waiting, not "Not checked in", until the navigator decides.
		const [shown] = listParticipantSessions(db, p1, at(120)).past;
		expect(shown.state).toMatchObject({
			key: 'awaiting_confirmation',
			label: 'Check-in waiting to be confirmed'
		});
		reviewDelayedCheckin(db, navigator, bookingId, 'confirmed', at(130));
		expect(listParticipantSessions(db, p1, at(140)).past[0].state.label).toBe(
			'Checked in at 9:55am'
		);
	});

	it('refuses a late-arriving code that was not the one on the screen at the time claimed', () => {
		const shownAt = at(5);
		const code = checkinCode(f.secretOf(slotId), shownAt);
		const item = { key, userId: p1, madeAt: at(-5).getTime(), code };
		const result = replayCheckIn(db, p1, item, at(20));
		expect(result.ok).toBe(false);
		expect(booking()).toMatchObject({ checkedInAt: null, delayedCheckinReview: null });
	});

	it('counts a wrong code replayed twice as one try', () => {
		const wrong = checkinCode(f.secretOf(slotId), at(0)) === '000000' ? '111111' : '000000';
		const item = { key, userId: p1, madeAt: at(0).getTime(), code: wrong };
		expect(replayCheckIn(db, p1, item, at(5))).toMatchObject({ ok: false, duplicate: false });
		expect(replayCheckIn(db, p1, item, at(6))).toMatchObject({ ok: false, duplicate: true });
		expect(booking().checkinAttempts).toBe(1);
	});

	it('is refused when it was made by another user, and stores nothing', () => {
		const code = checkinCode(f.secretOf(slotId), at(0));
		expect(() =>
			replayCheckIn(db, p2, { key, userId: p1, madeAt: at(0).getTime(), code }, at(1))
		).toThrow(NotYourItem);
		expect(booking().checkedInAt).toBeNull();
		expect(db.select().from(table.idempotencyKey).all()).toHaveLength(0);
	});

	it('does not count when it waited on the phone too long', () => {
		const madeAt = at(0);
		const code = checkinCode(f.secretOf(slotId), madeAt);
		const late = new Date(madeAt.getTime() + maxCheckInQueueAgeMs + 1);
		const result = replayCheckIn(db, p1, { key, userId: p1, madeAt: madeAt.getTime(), code }, late);
		expect(result.ok).toBe(false);
		expect(booking().checkedInAt).toBeNull();
	});

	it('never counts from a moment later than the server clock', () => {
		const now = at(0);
		const code = checkinCode(f.secretOf(slotId), now);
		const result = replayCheckIn(
			db,
			p1,
			{ key, userId: p1, madeAt: now.getTime() + 3_600_000, code },
			now
		);
		expect(result.ok).toBe(true);
		expect(booking().checkedInAt).toEqual(now);
	});
});

describe('a remote check-in queued offline', () => {
	const key = 'c7d3a1e2-5b4f-4a6e-9c8d-1e2f3a4b5c6d';
	let remoteBooking: string;
	let remoteSlot: string;

	beforeEach(() => {
		const navigator = f.addUser('nav2', 'navigator');
		remoteSlot = f.addSlot(navigator, at(120), { mode: 'phone', place: null });
		remoteBooking = f.addBooking(remoteSlot, p1);
	});

	const remote = () =>
		db.select().from(table.booking).where(eq(table.booking.id, remoteBooking)).get()!;
	const proofAt = (seenAt: Date) => ({
		code: checkinCode(f.secretOf(remoteSlot), seenAt),
		at: seenAt.getTime()
	});

	it('is refused when the window has closed by the time it arrives and there is no proof', () => {
		const item = { key, userId: p1, madeAt: at(125).getTime(), bookingId: remoteBooking };
		const result = replayCheckIn(db, p1, item, at(155));
		expect(result.ok).toBe(false);
		expect(remote()).toMatchObject({ checkedInAt: null, delayedCheckinReview: null });
	});

	it('counts from when it arrives, without proof, while the window is still open', () => {
		const item = { key, userId: p1, madeAt: at(110).getTime(), bookingId: remoteBooking };
		const result = replayCheckIn(db, p1, item, at(125));
		expect(result).toMatchObject({ ok: true, done: { status: 'checked_in', late: false } });
		expect(remote().checkedInAt).toEqual(at(125));
	});

	it('waits for the navigator when the phone proves it saw the session open', () => {
		const item = {
			key,
			userId: p1,
			madeAt: at(125).getTime(),
			bookingId: remoteBooking,
			openProof: proofAt(at(124))
		};
		const result = replayCheckIn(db, p1, item, at(152));
		expect(result).toMatchObject({ ok: true, done: { status: 'awaiting_confirmation' } });
		expect(remote()).toMatchObject({
			checkedInAt: null,
			delayedCheckinClaimedAt: at(125),
			delayedCheckinReview: 'pending'
		});
	});

	it('is refused with a made-up proof, or a proof from before the window opened', () => {
		const forged = { code: '123456', at: at(120).getTime() };
		const early = proofAt(at(60));
		for (const [i, openProof] of [forged, early].entries()) {
			const item = {
				key: `${key.slice(0, -1)}${i}`,
				userId: p1,
				madeAt: at(125).getTime(),
				bookingId: remoteBooking,
				openProof
			};
			expect(replayCheckIn(db, p1, item, at(152)).ok).toBe(false);
		}
		expect(remote()).toMatchObject({ checkedInAt: null, delayedCheckinReview: null });
	});
});
