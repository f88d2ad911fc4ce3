import { describe, expect, it } from 'vitest';
import { londonTime, londonToInstant } from '../dates';
import * as table from './db/schema';
import { reassignParticipant } from './accounts';
import { buildIcs, createCalendarFeed, findFeedParticipant, revokeCalendarFeed } from './calendar';
import {
	bookSlot,
	cancelBooking,
	cancelSlot,
	createSlots,
	findNavigatorSlot,
	listCantMakeItRequests,
	listNavigatorWeek,
	listBookableSlots,
	listParticipantSessions,
	findParticipantSession,
	nextBookingFor,
	releaseBooking,
	SessionFullError,
	sendCantMakeIt,
	updateSlot,
	type SlotInput
} from './scheduling';
import { createTestDb, fieldErrorsOf, writeBeforeNextTransaction } from './test-db';

const now = new Date('2026-03-20T12:00:00Z');

function setUp() {
	const db = createTestDb();
	const addUser = (id: string, role: table.Role) =>
		db.insert(table.user).values({ id, username: id, displayName: id.toUpperCase(), role }).run();
	addUser('n1', 'navigator');
	addUser('n2', 'navigator');
	for (const [id, nav] of [
		['p1', 'n1'],
		['p2', 'n1'],
		['p3', 'n1'],
		['p5', 'n2']
	]) {
		addUser(id, 'participant');
		db.insert(table.participant)
			.values({
				userId: id,
				reference: `R-${id}`,
				navigatorId: nav,
				contractStart: '2026-03-01',
				contractEnd: '2026-07-01'
			})
			.run();
	}
	return db;
}

function slotInput(overrides: Partial<SlotInput> = {}): SlotInput {
	return {
		type: 'one_to_one',
		title: '',
		date: '2026-03-23',
		time: '10:00',
		minutes: '',
		mode: 'in_person',
		placeId: '',
		place: '1 High Street, Durham',
		mapUrl: '',
		remoteDetails: '',
		capacity: '',
		participantId: '',
		repeatWeeks: '',
		confirmOverlap: '',
		...overrides
	};
}

function slotsOf(db: ReturnType<typeof setUp>) {
	return db.select().from(table.slot).all();
}

describe('creating slots', () => {
	it('keeps 10:00 London time every week across 29 March 2026', () => {
		const db = setUp();
		const ids = createSlots(db, 'n1', slotInput({ date: '2026-03-23', repeatWeeks: '3' }), now);
		const slots = slotsOf(db).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
		expect(ids).toHaveLength(3);
		expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
			'2026-03-23T10:00:00.000Z',
			'2026-03-30T09:00:00.000Z',
			'2026-04-06T09:00:00.000Z'
		]);
		expect(slots.every((s) => londonTime(s.startsAt) === '10:00')).toBe(true);
		expect(new Set(slots.map((s) => s.seriesId)).size).toBe(1);
		expect(slots[0].endsAt.getTime() - slots[0].startsAt.getTime()).toBe(45 * 60_000);
		expect(slots[0].checkinSecret).toMatch(/^[A-Z2-7]{52}$/);
		expect(slots[0].checkinSecret).not.toBe(slots[1].checkinSecret);
	});

	it('keeps 18:30 London time every week across 25 October 2026', () => {
		const db = setUp();
		const autumn = new Date('2026-10-01T12:00:00Z');
		createSlots(
			db,
			'n1',
			slotInput({ date: '2026-10-19', time: '18:30', repeatWeeks: '2' }),
			autumn
		);
		const starts = slotsOf(db)
			.map((s) => s.startsAt.toISOString())
			.sort();
		expect(starts).toEqual(['2026-10-19T17:30:00.000Z', '2026-10-26T18:30:00.000Z']);
	});

	it('refuses bad input with a message per field and saves nothing', () => {
		const db = setUp();
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ date: '2026-03-19' }), now))
		).toEqual({
			date: 'The session must start in the future.'
		});
		const fields = fieldErrorsOf(() =>
			createSlots(
				db,
				'n1',
				slotInput({ minutes: '0', capacity: '5000', repeatWeeks: '27', place: '' }),
				now
			)
		);
		expect(Object.keys(fields).sort()).toEqual(['capacity', 'minutes', 'place', 'repeatWeeks']);
		expect(fields.repeatWeeks).toContain('1 to 26');
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ minutes: '-5' }), now)).minutes
		).toBeTruthy();
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ type: 'party' }), now)).type
		).toBeTruthy();
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ participantId: 'p5' }), now))
				.participantId
		).toContain('caseload');
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ mapUrl: 'javascript:alert(1)' }), now))
				.mapUrl
		).toContain('https://');
		expect(slotsOf(db)).toHaveLength(0);
	});

	it('warns about overlapping slots, and keeps both when told to', () => {
		const db = setUp();
		createSlots(db, 'n1', slotInput({ repeatWeeks: '4' }), now);
		const fields = fieldErrorsOf(() =>
			createSlots(db, 'n1', slotInput({ date: '2026-04-06', time: '10:30' }), now)
		);
		expect(fields.time).toContain('overlaps');
		expect(slotsOf(db)).toHaveLength(4);
		createSlots(
			db,
			'n1',
			slotInput({ date: '2026-04-06', time: '10:30', confirmOverlap: 'yes' }),
			now
		);
		createSlots(db, 'n2', slotInput({ date: '2026-04-06', time: '10:30' }), now);
		expect(slotsOf(db)).toHaveLength(6);
	});
});

describe('booking', () => {
	it('fills exactly the places there are, then says the session is full', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group', capacity: '2' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'p2' }, now);
		expect(() => bookSlot(db, { slotId, participantId: 'p3', bookedBy: 'p3' }, now)).toThrow(
			SessionFullError
		);
		const slot = slotsOf(db)[0];
		expect(slot.bookedCount).toBe(2);
		expect(db.select().from(table.booking).all()).toHaveLength(2);
	});

	it('refuses the same slot twice and overlapping bookings', () => {
		const db = setUp();
		const [a] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		const [b] = createSlots(db, 'n1', slotInput({ time: '10:30', confirmOverlap: 'yes' }), now);
		bookSlot(db, { slotId: a, participantId: 'p1', bookedBy: 'p1' }, now);
		expect(
			fieldErrorsOf(() => bookSlot(db, { slotId: a, participantId: 'p1', bookedBy: 'p1' }, now))
				.slotId
		).toContain('already booked');
		expect(
			fieldErrorsOf(() => bookSlot(db, { slotId: b, participantId: 'p1', bookedBy: 'p1' }, now))
				.slotId
		).toContain('already have a session');
		expect(slotsOf(db).find((s) => s.id === b)?.bookedCount).toBe(0);
	});

	it('needs 2 hours notice, and never books the past', () => {
		const db = setUp();
		const [soon] = createSlots(db, 'n1', slotInput({ date: '2026-03-20', time: '13:30' }), now);
		expect(
			fieldErrorsOf(() => bookSlot(db, { slotId: soon, participantId: 'p1', bookedBy: 'p1' }, now))
				.slotId
		).toContain('2 hours');
		expect(listBookableSlots(db, 'p1', now)).toHaveLength(0);
		bookSlot(db, { slotId: soon, participantId: 'p1', bookedBy: 'n1' }, now);
		const later = new Date('2026-03-20T14:00:00Z');
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: soon, participantId: 'p2', bookedBy: 'n1' }, later)
			).slotId
		).toContain('already started');
	});

	it("lists only the participant's navigator's slots, open to all or to them, within 4 weeks", () => {
		const db = setUp();
		createSlots(db, 'n1', slotInput({ title: 'Open' }), now);
		createSlots(db, 'n1', slotInput({ title: 'For p1', time: '12:00', participantId: 'p1' }), now);
		createSlots(db, 'n1', slotInput({ title: 'For p2', time: '14:00', participantId: 'p2' }), now);
		createSlots(db, 'n1', slotInput({ title: 'Too far', date: '2026-04-20' }), now);
		const [foreign] = createSlots(
			db,
			'n2',
			slotInput({ title: 'Other team', participantId: 'p5' }),
			now
		);
		expect(listBookableSlots(db, 'p1', now).map((s) => s.title)).toEqual(['Open', 'For p1']);
		expect(listBookableSlots(db, 'p5', now).map((s) => s.title)).toEqual(['Other team']);
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: foreign, participantId: 'p1', bookedBy: 'p1' }, now)
			).slotId
		).toContain('not found');
		const forP2 = slotsOf(db).find((s) => s.title === 'For p2')!;
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: forP2.id, participantId: 'p1', bookedBy: 'p1' }, now)
			).slotId
		).toContain('not found');
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: 'no-such-slot', participantId: 'p1', bookedBy: 'p1' }, now)
			).slotId
		).toContain('not found');
		db.update(table.participant).set({ status: 'completed' }).run();
		expect(listBookableSlots(db, 'p1', now)).toEqual([]);
		expect(
			fieldErrorsOf(() =>
				bookSlot(db, { slotId: forP2.id, participantId: 'p2', bookedBy: 'p2' }, now)
			).slotId
		).toContain('programme has ended');
	});
});

describe("the participant's next session", () => {
	it('is the booked one that starts first and has not ended', () => {
		const db = setUp();
		const dayBefore = new Date('2026-03-19T12:00:00Z');
		const slotOn = (date: string, time: string) =>
			createSlots(db, 'n1', slotInput({ date, time }), dayBefore)[0];
		const ended = slotOn('2026-03-20', '09:00');
		const later = slotOn('2026-03-27', '10:00');
		const sooner = slotOn('2026-03-23', '14:00');
		const cancelled = slotOn('2026-03-22', '10:00');
		const book = (slotId: string) =>
			bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, dayBefore);
		for (const slotId of [ended, later, sooner]) book(slotId);
		cancelBooking(db, 'p1', book(cancelled), dayBefore);

		const next = nextBookingFor(db, 'p1', now);
		expect(next?.slot.startsAt).toEqual(londonToInstant('2026-03-23', '14:00'));
		expect(next?.slot).toMatchObject({ type: 'one_to_one', mode: 'in_person' });
		expect(nextBookingFor(db, 'p2', now)).toBeUndefined();
	});
});

describe('cancelling', () => {
	it('lets a participant cancel up to 24 hours before, then asks for "I can\'t make it"', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ date: '2026-03-21', time: '12:30' }), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		const late = new Date('2026-03-20T12:31:00Z');
		expect(fieldErrorsOf(() => cancelBooking(db, 'p1', bookingId, late)).bookingId).toContain(
			"I can't make it"
		);
		expect(fieldErrorsOf(() => cancelBooking(db, 'p2', bookingId, now)).bookingId).toContain(
			'not found'
		);
		expect(fieldErrorsOf(() => sendCantMakeIt(db, 'p1', bookingId, '', late)).reason).toBeTruthy();
		sendCantMakeIt(db, 'p1', bookingId, 'My bus was cancelled', late);
		expect(findParticipantSession(db, 'p1', bookingId)?.cantMakeItReason).toBe(
			'My bus was cancelled'
		);

		cancelBooking(db, 'p1', bookingId, late, 12);
		expect(slotsOf(db)[0].bookedCount).toBe(0);
		expect(nextBookingFor(db, 'p1', late)).toBeUndefined();
		expect(fieldErrorsOf(() => cancelBooking(db, 'p1', bookingId, late, 12)).bookingId).toContain(
			'already cancelled'
		);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
	});

	it('refuses "I can\'t make it" once the participant has checked in, and says they checked in', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ date: '2026-03-21', time: '12:30' }), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		const arrived = new Date('2026-03-21T12:22:00Z');
		db.update(table.booking).set({ checkedInAt: arrived }).run();
		expect(
			fieldErrorsOf(() => sendCantMakeIt(db, 'p1', bookingId, 'Running late', arrived)).bookingId
		).toContain('checked in');
		const session = findParticipantSession(db, 'p1', bookingId, arrived);
		expect(session?.cantMakeItAt).toBeNull();
		expect(session?.state).toMatchObject({ key: 'checked_in', label: 'Checked in at 12:22pm' });
	});

	it('cancels a slot with a reason that every booked participant sees', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'n1' }, now);
		expect(fieldErrorsOf(() => cancelSlot(db, 'n1', slotId, '', now)).reason).toBeTruthy();
		expect(fieldErrorsOf(() => cancelSlot(db, 'n2', slotId, 'Ill', now)).slotId).toContain(
			'not found'
		);
		expect(cancelSlot(db, 'n1', slotId, 'The room is flooded', now).sort()).toEqual(['p1', 'p2']);
		const mine = listParticipantSessions(db, 'p1', now).upcoming[0];
		expect(mine.status).toBe('cancelled_by_navigator');
		expect(mine.cancelReason).toBe('The room is flooded');
		expect(listBookableSlots(db, 'p3', now)).toHaveLength(0);
	});

	it('answers the second of two cancellations at once that it is already cancelled, keeping the first reason', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		writeBeforeNextTransaction(db, () => cancelSlot(db, 'n1', slotId, 'The room is flooded', now));
		expect(fieldErrorsOf(() => cancelSlot(db, 'n1', slotId, 'I am ill', now)).slotId).toBe(
			'This session is already cancelled.'
		);
		expect(listParticipantSessions(db, 'p1', now).upcoming[0].cancelReason).toBe(
			'The room is flooded'
		);
	});

	it('lets a navigator release one booking of their own slot only', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput(), now);
		const bookingId = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		expect(fieldErrorsOf(() => releaseBooking(db, 'n2', bookingId, 'x', now)).bookingId).toContain(
			'not found'
		);
		expect(releaseBooking(db, 'n1', bookingId, 'Rebooked for Friday', now)).toBe('p1');
		expect(slotsOf(db)[0].bookedCount).toBe(0);
	});
});

describe('after a participant moves to another navigator', () => {
	it('the former navigator no longer sees who they are on their own slots, nor releases them', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group' }), now);
		const moved = bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'p2' }, now);
		sendCantMakeIt(db, 'p1', moved, 'My bus is not running', now);
		const [ownSlotId] = createSlots(
			db,
			'n1',
			slotInput({ participantId: 'p1', time: '14:00' }),
			now
		);
		reassignParticipant(db, 'p1', 'n2');

		const week = listNavigatorWeek(db, 'n1', '2026-03-23');
		expect(week.find((s) => s.id === slotId)!.bookings.map((b) => b.participantId)).toEqual(['p2']);
		expect(week.find((s) => s.id === ownSlotId)!.forName).toBeNull();
		expect(findNavigatorSlot(db, 'n1', slotId)!.bookings.map((b) => b.participantId)).toEqual([
			'p2'
		]);
		expect(findNavigatorSlot(db, 'n1', ownSlotId)!.forName).toBeNull();
		expect(listCantMakeItRequests(db, 'n1', now)).toEqual([]);
		expect(fieldErrorsOf(() => releaseBooking(db, 'n1', moved, 'x', now)).bookingId).toContain(
			'not found'
		);
		expect(listParticipantSessions(db, 'p1', now).upcoming[0].status).toBe('booked');
	});
});

describe('editing slots', () => {
	it('refuses fewer places than booked, and reports who a time change affects', () => {
		const db = setUp();
		const [slotId] = createSlots(db, 'n1', slotInput({ type: 'group', capacity: '3' }), now);
		bookSlot(db, { slotId, participantId: 'p1', bookedBy: 'p1' }, now);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'p2' }, now);
		const edit = { ...slotInput({ capacity: '1', title: 'Group', minutes: '90' }) };
		expect(fieldErrorsOf(() => updateSlot(db, 'n1', slotId, edit, now)).capacity).toContain(
			'2 people have booked'
		);
		expect(slotsOf(db)[0].capacity).toBe(3);
		expect(updateSlot(db, 'n1', slotId, { ...edit, capacity: '2', minutes: '' }, now)).toEqual([]);
		expect(
			updateSlot(db, 'n1', slotId, { ...edit, capacity: '2', time: '11:00' }, now).sort()
		).toEqual(['p1', 'p2']);
		// Only the time change is news to them: each is told once, in words that name no session.
		const told = db.select().from(table.notification).all();
		expect(told.map((n) => [n.userId, n.kind, n.title]).sort()).toEqual([
			['p1', 'booking_moved', 'Appointment changed'],
			['p2', 'booking_moved', 'Appointment changed']
		]);
		expect(told[0].body).toMatch(/^Your appointment has changed\. It is now .* 11:00am\./);
		expect(told[0].body).not.toContain('Group');
		expect(fieldErrorsOf(() => updateSlot(db, 'n2', slotId, edit, now)).slotId).toContain(
			'not found'
		);
	});
});

describe('calendar files', () => {
	it('keeps text a navigator wrote on its own line, whatever breaks or control characters it holds', () => {
		const ics = buildIcs(
			[
				{
					uid: 'a',
					startsAt: new Date('2026-03-23T10:00:00Z'),
					endsAt: new Date('2026-03-23T10:45:00Z'),
					mode: 'video',
					place: null,
					remoteDetails: 'Call me\rURL:https://evil.example\r\nBEGIN:VALARM\nX\u0000\u001b\u2028END'
				}
			],
			{ withPlace: true },
			now
		);
		const lines = ics.split('\r\n');
		expect(lines.filter((l) => /^(URL|BEGIN:VALARM)/.test(l))).toEqual([]);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\p{Cc}\u2028]/u);
		expect(ics.replace(/\r\n /g, '')).toContain(
			'DESCRIPTION:Call me\\nURL:https://evil.example\\nBEGIN:VALARM\\nX\\nEND\r\n'
		);
	});

	it('writes UTC times either side of the clocks changing, and a discreet title', () => {
		const events: Parameters<typeof buildIcs>[0] = [
			{
				uid: 'a',
				startsAt: new Date('2026-03-23T10:00:00Z'),
				endsAt: new Date('2026-03-23T10:45:00Z'),
				mode: 'in_person',
				place: 'Room 2, 1 High Street; Durham',
				remoteDetails: null
			},
			{
				uid: 'b',
				startsAt: new Date('2026-03-30T09:00:00Z'),
				endsAt: new Date('2026-03-30T09:45:00Z'),
				mode: 'phone',
				place: null,
				remoteDetails: 'Your navigator will ring you'
			}
		];
		const ics = buildIcs(events, { withPlace: true }, now);
		expect(ics).toContain('DTSTART:20260323T100000Z\r\n');
		expect(ics).toContain('DTSTART:20260330T090000Z\r\n');
		expect(ics).toContain('LOCATION:Room 2\\, 1 High Street\\; Durham\r\n');
		expect(ics.match(/SUMMARY:Appointment/g)).toHaveLength(2);
		expect(ics).not.toMatch(/police|drug|offender/i);
		expect(ics.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(
			true
		);
	});

	it('leaves the place out in discreet mode, keeping the time and how a remote one happens', () => {
		const place = {
			uid: 'a',
			startsAt: new Date('2026-03-23T10:00:00Z'),
			endsAt: new Date('2026-03-23T10:45:00Z'),
			mode: 'in_person' as const,
			place: 'Recovery service, 3 Old Elvet',
			remoteDetails: null
		};
		const phone = { ...place, uid: 'b', mode: 'phone' as const, place: null };
		const ics = buildIcs([place, phone], { withPlace: false }, now);
		expect(ics).not.toContain('Old Elvet');
		expect(ics).toContain('DTSTART:20260323T100000Z\r\n');
		expect(ics).toContain('LOCATION:Phone call\r\n');
		expect(ics.match(/LOCATION:/g)).toHaveLength(1);
	});

	it('has one revocable feed token per participant', () => {
		const db = setUp();
		const first = createCalendarFeed(db, 'p1', now);
		expect(findFeedParticipant(db, first)).toBe('p1');
		const second = createCalendarFeed(db, 'p1', now);
		expect(findFeedParticipant(db, first)).toBeUndefined();
		expect(findFeedParticipant(db, second)).toBe('p1');
		revokeCalendarFeed(db, 'p1');
		expect(findFeedParticipant(db, second)).toBeUndefined();
		expect(findFeedParticipant(db, 'x')).toBeUndefined();
	});
});
