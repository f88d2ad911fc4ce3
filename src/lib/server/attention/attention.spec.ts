import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../../scripts/seed/demo';
import { attentionHref } from '../../attention';
import { addDays, londonDate } from '../../dates';
import { makeFixture } from '$fixtures/attendance';
import { recordOutcome } from '../attendance/record-outcome';
import type { Connection } from '../db/open';
import * as table from '../db/schema';
import { isDiscreet } from '../notifications/queue';
import { sendMessage } from '../support/messages';
import { submitWellbeing } from '../support/wellbeing';
import { fieldErrorsOf, createTestDb } from '$fixtures/test-db';
import { caseloadAttention, participantAttention } from './index';
import { caseloadWithAttention, todayAttention } from './lists';
import { attentionHistory, resolveAttention, unactedSafetyConcerns } from './resolve';
import { oneWorkingDayAfter } from './working-days';

const hour = 3_600_000;
const day = 24 * hour;
/** Wednesday 18 March 2026, noon in London (GMT). */
const now = new Date('2026-03-18T12:00:00Z');

let db: Connection;
let f: ReturnType<typeof makeFixture>;
let nav: string;
let p: string;

const answerWellbeing = (helpWith: string[], at: Date, score = '3') =>
	submitWellbeing(
		db,
		p,
		{ score, helpWith, note: '', callback: false, phone: '', goodTimes: '' },
		at
	);
const kinds = (at = now) => participantAttention(db, p, at).map((r) => r.kind);
const reasonOf = (kind: string, at = now) =>
	participantAttention(db, p, at).find((r) => r.kind === kind);

beforeEach(() => {
	db = createTestDb();
	f = makeFixture(db);
	nav = f.addUser('nav', 'navigator');
	// Started today: no "no contact" reason until a week has passed.
	p = f.addParticipant('p', nav, londonDate(now));
});

describe('one working day', () => {
	it('is the same time on the next weekday, and starts on Monday at a weekend', () => {
		expect(oneWorkingDayAfter(new Date('2026-03-18T10:00:00Z'))).toEqual(
			new Date('2026-03-19T10:00:00Z')
		);
		expect(oneWorkingDayAfter(new Date('2026-03-20T15:00:00Z'))).toEqual(
			new Date('2026-03-23T15:00:00Z')
		);
		expect(oneWorkingDayAfter(new Date('2026-03-21T10:00:00Z'))).toEqual(
			new Date('2026-03-24T00:00:00Z')
		);
		// Friday 27 March, 9am GMT; Monday 30 March is in BST: still 9am on the wall clock.
		expect(oneWorkingDayAfter(new Date('2026-03-27T09:00:00Z'))).toEqual(
			new Date('2026-03-30T08:00:00Z')
		);
	});
});

describe('safety concerns', () => {
	it('are urgent, top the list, tell the navigator discreetly, and stay until acted on', () => {
		answerWellbeing(['housing'], new Date(now.getTime() - 2 * hour), '1');
		db.update(table.wellbeingAnswer).set({ week: 0 }).run();
		answerWellbeing(['exploitation', 'threats', 'housing'], new Date(now.getTime() - hour));
		const reasons = participantAttention(db, p, now);
		expect(reasons[0]).toMatchObject({
			kind: 'safety',
			severity: 'urgent',
			label:
				'Safety: Someone is using or pressuring me; Someone is threatening me (weekly check-in)'
		});
		const pushes = db.select().from(table.notification).all();
		expect(pushes).toHaveLength(1);
		expect(pushes[0]).toMatchObject({ userId: nav, kind: 'safeguarding_alert', url: '/navigator' });
		expect(isDiscreet(`${pushes[0].title} ${pushes[0].body}`)).toBe(true);
		expect(`${pushes[0].title} ${pushes[0].body}`).not.toMatch(/\bp\b|pressur|threat/i);
		const monthLater = new Date(now.getTime() + 30 * day);
		expect(kinds(monthLater)).toContain('safety');
	});

	it('need a note and what was done; the record is kept for staff and clears the reason', () => {
		answerWellbeing(['nowhere_to_sleep'], now);
		const key = reasonOf('safety')!.key;
		expect(
			Object.keys(
				fieldErrorsOf(() =>
					resolveAttention(db, nav, p, { reasonKey: key, action: '', note: ' ' }, now)
				)
			).sort()
		).toEqual(['action', 'note']);
		expect(
			fieldErrorsOf(() =>
				resolveAttention(db, nav, p, { reasonKey: 'safety:made-up', action: 'met_them', note: 'x' })
			)
		).toHaveProperty('reasonKey');
		resolveAttention(
			db,
			nav,
			p,
			{ reasonKey: key, action: 'met_them', note: 'Found a hostel bed' },
			now
		);
		expect(kinds()).not.toContain('safety');
		expect(attentionHistory(db, p)).toMatchObject([
			{ kind: 'safety', action: 'met_them', note: 'Found a hostel bed', resolvedBy: 'nav' }
		]);
		expect(
			fieldErrorsOf(() =>
				resolveAttention(db, nav, p, { reasonKey: key, action: 'met_them', note: 'again' }, now)
			)
		).toHaveProperty('reasonKey');
	});

	it('reach the coordinator when not acted on within one working day', () => {
		const friday = new Date('2026-03-20T15:00:00Z');
		answerWellbeing(['self_harm'], friday);
		const monday = new Date('2026-03-23T15:00:00Z');
		expect(unactedSafetyConcerns(db, new Date(monday.getTime() - 1))).toEqual([]);
		expect(unactedSafetyConcerns(db, monday)).toMatchObject([
			{ participantId: p, displayName: 'p', navigator: 'nav', raisedAt: friday }
		]);
		const key = reasonOf('safety', monday)!.key;
		resolveAttention(db, nav, p, { reasonKey: key, action: 'spoke_to_them', note: 'Rang' }, monday);
		expect(unactedSafetyConcerns(db, monday)).toEqual([]);
	});

	it('come from a message marked "I do not feel safe", which only the participant can mark', () => {
		sendMessage(
			db,
			{
				participantId: p,
				senderId: nav,
				senderRole: 'navigator',
				body: 'Hi',
				concernsSafety: true
			},
			now
		);
		expect(kinds()).not.toContain('safety');
		sendMessage(
			db,
			{
				participantId: p,
				senderId: p,
				senderRole: 'participant',
				body: 'Help',
				concernsSafety: true
			},
			now
		);
		expect(reasonOf('safety')).toMatchObject({
			severity: 'urgent',
			label: 'Safety: said in a message they do not feel safe',
			since: now
		});
		expect(
			db
				.select()
				.from(table.notification)
				.all()
				.filter((n) => n.kind === 'safeguarding_alert')
				.map((n) => n.userId)
		).toEqual([nav]);
		const nextDay = new Date(now.getTime() + day);
		expect(unactedSafetyConcerns(db, nextDay).map((c) => c.participantId)).toEqual([p]);
		resolveAttention(
			db,
			nav,
			p,
			{ reasonKey: reasonOf('safety')!.key, action: 'spoke_to_them', note: 'Rang' },
			now
		);
		expect(kinds()).not.toContain('safety');
		expect(unactedSafetyConcerns(db, nextDay)).toEqual([]);
	});

	it('are not raised by other needs', () => {
		answerWellbeing(['housing', 'drugs'], now);
		expect(kinds()).not.toContain('safety');
		expect(db.select().from(table.notification).all()).toEqual([]);
	});
});

describe('call requests', () => {
	it('ask for a call until a time is set, then say when it is', () => {
		const id = crypto.randomUUID();
		db.insert(table.callbackRequest)
			.values({
				id,
				participantId: p,
				phone: '07700 900123',
				goodTimes: 'Mornings',
				createdAt: now
			})
			.run();
		expect(reasonOf('callback')).toMatchObject({ label: 'Asked for a call', since: now });
		db.update(table.callbackRequest)
			.set({ callAt: new Date('2026-03-19T10:30:00Z') })
			.where(eq(table.callbackRequest.id, id))
			.run();
		expect(reasonOf('callback')).toMatchObject({
			label: 'Call set for 10:30am on Thursday 19 March',
			since: now
		});
	});
});

describe('sessions', () => {
	it('flags "I can\'t make it" until an outcome is recorded', () => {
		const booking = f.addBooking(f.addSlot(nav, new Date(now.getTime() + 3 * hour)), p, {
			cantMakeItAt: now,
			cantMakeItReason: 'Ill'
		});
		expect(reasonOf('cant_make_it')).toMatchObject({ severity: 'soon', since: now });
		// Once the session is over it stays a "can't make it", not also a miss.
		expect(kinds(new Date(now.getTime() + 6 * hour))).toEqual(['cant_make_it']);
		recordOutcome(
			db,
			nav,
			{ bookingId: booking, outcome: 'missed_acceptable', reason: 'Ill' },
			new Date(now.getTime() + 6 * hour)
		);
		expect(kinds(new Date(now.getTime() + 6 * hour))).toEqual([]);
	});

	it('flags a miss once the check-in window closes, until an outcome is recorded', () => {
		const startsAt = new Date(now.getTime() - 2 * hour);
		const booking = f.addBooking(f.addSlot(nav, startsAt), p);
		f.addBooking(f.addSlot(nav, new Date(now.getTime() - 3 * hour)), p, {
			checkedInAt: new Date(now.getTime() - 3 * hour)
		});
		expect(kinds(startsAt)).toEqual([]);
		expect(reasonOf('missed')).toMatchObject({ severity: 'soon', since: startsAt });
		recordOutcome(db, nav, { bookingId: booking, outcome: 'missed_unacceptable', reason: '' }, now);
		expect(kinds()).toEqual([]);
	});

	it('says so when a check-in made offline is waiting to be confirmed, and leads to Today', () => {
		const startsAt = new Date(now.getTime() - 2 * hour);
		f.addBooking(f.addSlot(nav, startsAt), p, {
			delayedCheckinClaimedAt: startsAt,
			delayedCheckinArrivedAt: new Date(now.getTime() - hour),
			delayedCheckinReview: 'pending'
		});
		expect(kinds()).toEqual(['checkin_to_confirm']);
		expect(reasonOf('checkin_to_confirm')?.label).toMatch(
			/^Check-in to confirm: .+, \w+day \d+ \w+, \d+:\d{2}(am|pm)$/
		);
		expect(attentionHref('checkin_to_confirm', p)).toBe('/navigator#check-ins-to-confirm');
	});
});

describe('no contact', () => {
	beforeEach(() => {
		db.update(table.participant).set({ contractStart: '2026-03-02' }).run();
	});

	it('flags seven days without a session, weekly check-in or message, and a note restarts the clock', () => {
		const last = new Date(now.getTime() - 7 * day);
		sendMessage(db, { participantId: p, senderId: p, senderRole: 'participant', body: 'Hi' }, last);
		db.update(table.message).set({ readAt: last }).run();
		sendMessage(
			db,
			{ participantId: p, senderId: nav, senderRole: 'navigator', body: 'Hello' },
			last
		);
		expect(kinds(new Date(now.getTime() - 1))).toEqual([]);
		expect(reasonOf('no_contact')).toMatchObject({
			severity: 'soon',
			since: now,
			label: 'No contact for 7 days (session, weekly check-in or message)'
		});
		resolveAttention(
			db,
			nav,
			p,
			{ reasonKey: reasonOf('no_contact')!.key, action: '', note: 'Rang, all fine' },
			now
		);
		expect(kinds(new Date(now.getTime() + 7 * day - 1))).toEqual([]);
		expect(kinds(new Date(now.getTime() + 7 * day))).toEqual(['no_contact']);
	});

	it('counts an attended session and a weekly check-in as contact', () => {
		f.addBooking(f.addSlot(nav, new Date(now.getTime() - 3 * day)), p, {
			outcome: 'attended'
		});
		expect(kinds()).toEqual([]);
		expect(kinds(new Date(now.getTime() + 4 * day))).toEqual(['no_contact']);
		answerWellbeing([], new Date(now.getTime() + 4 * day));
		expect(kinds(new Date(now.getTime() + 4 * day))).toEqual([]);
	});
});

describe('plan', () => {
	const addAction = (dueDate: string, status: table.ActionStatus = 'not_started') => {
		const pathwayId = crypto.randomUUID();
		db.insert(table.pathway)
			.values({ id: pathwayId, participantId: p, area: 'housing', goal: 'A home', position: 0 })
			.onConflictDoNothing()
			.run();
		const existing = db.select().from(table.pathway).get()!;
		db.insert(table.planAction)
			.values({
				id: crypto.randomUUID(),
				pathwayId: existing.id,
				title: 'See the council',
				dueDate,
				status,
				owner: 'participant',
				position: 0
			})
			.run();
	};

	it('flags an action not done by its due date, from the next day', () => {
		addAction(londonDate(now));
		addAction(addDays(londonDate(now), -3), 'done');
		expect(kinds()).toEqual([]);
		addAction(addDays(londonDate(now), -1));
		expect(reasonOf('overdue_action')).toMatchObject({
			severity: 'soon',
			label: 'Overdue: See the council (due Tuesday 17 March)',
			since: new Date('2026-03-18T00:00:00Z')
		});
	});

	it('flags volunteering hours waiting for confirmation until they are confirmed', () => {
		const entry = {
			participantId: p,
			date: londonDate(now),
			quarterHours: 8,
			place: 'Food bank',
			createdAt: now
		};
		db.insert(table.volunteeringEntry)
			.values({ ...entry, id: 'v1' })
			.run();
		db.insert(table.volunteeringEntry)
			.values({ ...entry, id: 'v2', status: 'confirmed' })
			.run();
		expect(reasonOf('hours')).toMatchObject({
			severity: 'info',
			label: expect.stringContaining('1 entry')
		});
		db.update(table.volunteeringEntry).set({ status: 'confirmed' }).run();
		expect(kinds()).toEqual([]);
	});

	it('flags the plan’s last day within 14 days, for information, until it has passed', () => {
		// The stored end is the day the programme counts as over; the last day is the one before.
		const lastDayIn = (days: number) =>
			db
				.update(table.participant)
				.set({ contractEnd: addDays(londonDate(now), days + 1) })
				.where(eq(table.participant.userId, p))
				.run();
		lastDayIn(15);
		expect(kinds()).toEqual([]);
		lastDayIn(14);
		expect(reasonOf('ending')).toMatchObject({
			severity: 'info',
			label: 'Plan ends Wednesday 1 April',
			since: new Date('2026-03-18T00:00:00Z')
		});
		lastDayIn(0);
		expect(reasonOf('ending')?.label).toBe('Plan ends Wednesday 18 March');
		lastDayIn(-1);
		expect(kinds()).toEqual([]);
	});
});

describe('messages', () => {
	it('are news at first, overdue after a working day without a reply, and clear on reply', () => {
		const friday = new Date('2026-03-20T16:00:00Z');
		sendMessage(
			db,
			{ participantId: p, senderId: p, senderRole: 'participant', body: 'Hi' },
			friday
		);
		sendMessage(
			db,
			{ participantId: p, senderId: p, senderRole: 'participant', body: 'Are you there?' },
			new Date(friday.getTime() + hour)
		);
		const monday = new Date('2026-03-23T16:00:00Z');
		expect(reasonOf('message', new Date(monday.getTime() - 1))).toMatchObject({
			severity: 'info',
			label: 'New 2 messages',
			since: friday
		});
		expect(reasonOf('message', monday)).toMatchObject({ severity: 'soon' });
		sendMessage(
			db,
			{ participantId: p, senderId: nav, senderRole: 'navigator', body: 'Yes' },
			monday
		);
		expect(kinds(monday)).toEqual([]);
	});
});

describe('the lists', () => {
	it('order by severity, then the longest waiting, and leave out finished participants', () => {
		const q = f.addParticipant('q', nav, londonDate(now));
		const done = f.addParticipant('done', nav, '2026-03-02');
		db.update(table.participant)
			.set({ status: 'completed' })
			.where(eq(table.participant.userId, done))
			.run();
		sendMessage(
			db,
			{ participantId: q, senderId: q, senderRole: 'participant', body: 'Hi' },
			new Date(now.getTime() - 3 * day)
		);
		answerWellbeing(['unsafe_home'], now);
		sendMessage(
			db,
			{ participantId: p, senderId: p, senderRole: 'participant', body: 'Hi' },
			new Date(now.getTime() - 4 * day)
		);
		const today = todayAttention(db, nav, now);
		expect(today.map((t) => [t.displayName, t.attention.map((r) => r.kind)])).toEqual([
			['p', ['safety', 'message']],
			['q', ['message']]
		]);
		expect(caseloadWithAttention(db, nav, now).map((r) => r.displayName)).toEqual([
			'p',
			'q',
			'done'
		]);
	});

	it('flag the same participants for the same reasons on Today and Caseload (demo data)', async () => {
		const demoNow = new Date();
		const ids = await seedDemo(db, demoNow);
		let flagged = 0;
		for (const navigatorId of [ids.get('navigator1')!, ids.get('navigator2')!]) {
			const today = todayAttention(db, navigatorId, demoNow).map((t) => [
				t.participantId,
				t.attention.map((r) => r.key)
			]);
			const caseload = caseloadWithAttention(db, navigatorId, demoNow)
				.filter((r) => r.attention.length > 0)
				.map((r) => [r.id, r.attention.map((a) => a.key)]);
			expect(today).toEqual(caseload);
			expect(new Map(today as [string, string[]][])).toEqual(
				new Map(
					[...caseloadAttention(db, navigatorId, demoNow)]
						.filter(([, r]) => r.length > 0)
						.map(([id, r]) => [id, r.map((a) => a.key)])
				)
			);
			flagged += today.length;
		}
		expect(flagged).toBeGreaterThan(0);
	});
});
