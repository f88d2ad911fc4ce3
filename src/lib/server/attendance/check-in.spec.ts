import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { createTestDb, fieldErrorsOf, writeBeforeNextTransaction } from '$fixtures/test-db';
import { checkInRemote, checkInWithCode, maxCheckinAttempts, sessionsToCheckIn } from './check-in';
import { checkinCode } from './check-in-code';
import { navigatorToday } from './live-session';

const start = new Date('2026-03-10T10:00:00Z');
const codeErrorOf = (run: () => unknown) => fieldErrorsOf(run).code;
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe('checking in', () => {
	let db: Db;
	let f: ReturnType<typeof makeFixture>;
	let navigator: string;
	let participant: string;
	let slotId: string;
	let bookingId: string;

	beforeEach(() => {
		db = createTestDb();
		f = makeFixture(db);
		navigator = f.addUser('nav', 'navigator');
		participant = f.addParticipant('p1', navigator);
		slotId = f.addSlot(navigator, start);
		bookingId = f.addBooking(slotId, participant);
	});

	const booking = () =>
		db.select().from(table.booking).where(eq(table.booking.id, bookingId)).get()!;

	it('checks in with the current code inside the window, on time', () => {
		const now = at(-15);
		const result = checkInWithCode(db, participant, checkinCode(f.secretOf(slotId), now), now);
		expect(result).toMatchObject({ status: 'checked_in', late: false });
		expect(booking().checkedInAt).toEqual(now);
	});

	it('accepts the previous code and marks a check-in after start + 10 as late', () => {
		const now = at(12);
		const previous = checkinCode(f.secretOf(slotId), at(11));
		const result = checkInWithCode(db, participant, previous, now);
		expect(result).toMatchObject({ status: 'checked_in', late: true });
	});

	it('says when check-in opens, and that it has closed and what to do', () => {
		const early = at(-16);
		expect(
			codeErrorOf(() =>
				checkInWithCode(db, participant, checkinCode(f.secretOf(slotId), early), early)
			)
		).toMatch(/opens at 9:45am/);
		const late = at(30.5);
		expect(
			codeErrorOf(() =>
				checkInWithCode(db, participant, checkinCode(f.secretOf(slotId), late), late)
			)
		).toMatch(/closed at 10:30am.*message/);
	});

	it('a second check-in is harmless', () => {
		const now = at(0);
		checkInWithCode(db, participant, checkinCode(f.secretOf(slotId), now), now);
		const again = checkInWithCode(db, participant, checkinCode(f.secretOf(slotId), at(1)), at(1));
		expect(again.status).toBe('already');
		expect(booking().checkedInAt).toEqual(now);
	});

	it('limits wrong codes per booking, and then refuses even the right one', () => {
		const now = at(0);
		const right = checkinCode(f.secretOf(slotId), now);
		const wrong = right === '000000' ? '111111' : '000000';
		expect(codeErrorOf(() => checkInWithCode(db, participant, wrong, now))).toMatch(
			/not right.*4 more tries/
		);
		for (let i = 1; i < maxCheckinAttempts; i++)
			codeErrorOf(() => checkInWithCode(db, participant, wrong, now));
		expect(booking().checkinAttempts).toBe(maxCheckinAttempts);
		expect(codeErrorOf(() => checkInWithCode(db, participant, wrong, now))).toMatch(
			/too many tries/
		);
		expect(booking().checkinAttempts).toBe(maxCheckinAttempts);
		expect(codeErrorOf(() => checkInWithCode(db, participant, right, now))).toMatch(
			/too many tries/
		);
	});

	it('refuses the right code once wrong codes sent at the same moment have used up the tries', () => {
		const now = at(0);
		const right = checkinCode(f.secretOf(slotId), now);
		const wrong = right === '000000' ? '111111' : '000000';
		writeBeforeNextTransaction(db, () => {
			for (let i = 0; i < maxCheckinAttempts; i++)
				codeErrorOf(() => checkInWithCode(db, participant, wrong, now));
		});
		expect(codeErrorOf(() => checkInWithCode(db, participant, right, now))).toMatch(
			/too many tries/
		);
		expect(booking().checkedInAt).toBeNull();
	});

	it('recognises a code for another session and does not count it as a wrong try', () => {
		const other = f.addSlot(navigator, at(0), { title: 'Group', type: 'group' });
		const now = at(0);
		expect(
			codeErrorOf(() => checkInWithCode(db, participant, checkinCode(f.secretOf(other), now), now))
		).toMatch(/different session/);
		expect(booking().checkinAttempts).toBe(0);
	});

	it('says when there is no booking today', () => {
		const someoneElse = f.addParticipant('p2', navigator);
		const now = at(0);
		expect(
			codeErrorOf(() => checkInWithCode(db, someoneElse, checkinCode(f.secretOf(slotId), now), now))
		).toMatch(/do not have a session booked today/);
	});

	it('rejects codes that are not 6 digits without counting a try', () => {
		expect(codeErrorOf(() => checkInWithCode(db, participant, '12ab', at(0)))).toMatch(/6 numbers/);
		expect(booking().checkinAttempts).toBe(0);
	});

	it('checks in to a remote session with one tap, only inside the window and only your own', () => {
		const remote = f.addSlot(navigator, at(120), { mode: 'phone', place: null });
		const remoteBooking = f.addBooking(remote, participant);
		expect(codeErrorOf(() => checkInRemote(db, participant, remoteBooking, at(100)))).toMatch(
			/too early/
		);
		const other = f.addParticipant('p2', navigator);
		expect(codeErrorOf(() => checkInRemote(db, other, remoteBooking, at(110)))).toMatch(
			/could not find/
		);
		expect(checkInRemote(db, participant, remoteBooking, at(110)).status).toBe('checked_in');
		expect(checkInRemote(db, participant, remoteBooking, at(111)).status).toBe('already');
	});

	it('lists a session across midnight while its check-in is open, for navigator and participant', () => {
		const lateNight = new Date('2026-03-10T23:50:00Z');
		const justAfterMidnight = new Date('2026-03-11T00:05:00Z');
		f.addSlot(navigator, lateNight, { title: 'Late session' });
		const tomorrow = f.addSlot(navigator, justAfterMidnight, { title: 'Midnight session' });
		const titlesAt = (iso: string) =>
			navigatorToday(db, navigator, new Date(iso))
				.map((s) => s.title)
				.filter((title) => title.endsWith('session'));

		expect(titlesAt('2026-03-10T23:40:00Z')).toEqual(['Late session']);
		expect(titlesAt('2026-03-10T23:55:00Z')).toEqual(['Late session', 'Midnight session']);
		expect(titlesAt('2026-03-11T00:10:00Z')).toEqual(['Late session', 'Midnight session']);
		expect(titlesAt('2026-03-11T00:25:00Z')).toEqual(['Midnight session']);

		f.addBooking(tomorrow, participant);
		const now = new Date('2026-03-10T23:55:00Z');
		const result = checkInWithCode(db, participant, checkinCode(f.secretOf(tomorrow), now), now);
		expect(result).toMatchObject({ status: 'checked_in', title: 'Midnight session' });
		const titlesToCheckIn = (iso: string) =>
			sessionsToCheckIn(db, participant, new Date(iso)).map((s) => s.title);
		expect(titlesToCheckIn('2026-03-10T23:40:00Z')).not.toContain('Midnight session');
		expect(titlesToCheckIn('2026-03-11T00:40:00Z')).toContain('Midnight session');
	});
});
