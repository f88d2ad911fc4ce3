import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { reassignParticipant } from '../accounts';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { InputError } from '../input';
import { createTestDb, fieldErrorsOf } from '$fixtures/test-db';
import { caseloadAttention } from '../attention';
import { isDiscreet } from '../notifications/queue';
import {
	checkCallTime,
	askForCallback,
	currentCallback,
	markCallbackDone,
	normaliseUkPhone,
	openCallbacks,
	requestCallback,
	setCallTime
} from './callbacks';
import { seedPeople } from '$fixtures/people';
import {
	getWorkingHours,
	listThread,
	markThreadRead,
	navigatorInbox,
	sendMessage,
	setWorkingHours,
	unreadCount
} from './messages';
import { programmeWeekOf, submitWellbeing, wellbeingStatus, wellbeingTrend } from './wellbeing';

let db: Db;
const now = new Date('2026-03-10T10:00:00Z');

beforeEach(() => {
	db = createTestDb();
	seedPeople(db);
});

describe('messages', () => {
	it('goes both ways, counts unread per side and queues a push for the other side', () => {
		sendMessage(
			db,
			{ participantId: 'p1', senderId: 'p1', senderRole: 'participant', body: ' Hi ' },
			now
		);
		sendMessage(
			db,
			{ participantId: 'p1', senderId: 'nav1', senderRole: 'navigator', body: 'Hello' },
			now
		);
		const thread = listThread(db, 'p1');
		expect(thread.map((m) => [m.senderRole, m.body])).toEqual([
			['participant', 'Hi'],
			['navigator', 'Hello']
		]);
		expect(unreadCount(db, 'p1', 'navigator')).toBe(1);
		expect(unreadCount(db, 'p1', 'participant')).toBe(1);
		expect(markThreadRead(db, 'p1', 'navigator', now)).toBe(1);
		expect(unreadCount(db, 'p1', 'navigator')).toBe(0);
		expect(unreadCount(db, 'p1', 'participant')).toBe(1);
		const queued = db.select().from(table.notification).all();
		expect(queued.map((n) => [n.userId, n.kind, n.body])).toEqual([
			['nav1', 'new_message', 'You have a new message. Open the app to read it.'],
			['p1', 'new_message', 'You have a new message. Open the app to read it.']
		]);
		expect(listThread(db, 'p1', thread[0].id).map((m) => m.body)).toEqual(['Hello']);
	});

	it('rejects empty and over-long messages, and keeps HTML as plain text', () => {
		const send = (body: string) =>
			sendMessage(
				db,
				{ participantId: 'p1', senderId: 'p1', senderRole: 'participant', body },
				now
			);
		expect(fieldErrorsOf(() => send('   ')).body).toBe('Enter a message.');
		expect(fieldErrorsOf(() => send('x'.repeat(2001))).body).toMatch(/2000 characters or fewer/);
		send('y'.repeat(2000));
		send('<script>alert(1)</script>');
		expect(listThread(db, 'p1').at(-1)!.body).toBe('<script>alert(1)</script>');
	});

	it('lets only the participant and their current navigator write, and follows reassignment', () => {
		expect(
			fieldErrorsOf(() =>
				sendMessage(
					db,
					{ participantId: 'p1', senderId: 'nav2', senderRole: 'navigator', body: 'x' },
					now
				)
			).body
		).toMatch(/own conversations/);
		expect(
			fieldErrorsOf(() =>
				sendMessage(
					db,
					{ participantId: 'p1', senderId: 'p2', senderRole: 'participant', body: 'x' },
					now
				)
			).body
		).toMatch(/own conversations/);
		sendMessage(
			db,
			{ participantId: 'p1', senderId: 'nav1', senderRole: 'navigator', body: 'Before' },
			now
		);
		reassignParticipant(db, 'p1', 'nav2');
		sendMessage(
			db,
			{ participantId: 'p1', senderId: 'nav2', senderRole: 'navigator', body: 'After' },
			now
		);
		expect(listThread(db, 'p1').map((m) => m.senderName)).toEqual(['Morgan Reid', 'Alex Carter']);
		expect(() =>
			sendMessage(
				db,
				{ participantId: 'p1', senderId: 'nav1', senderRole: 'navigator', body: 'x' },
				now
			)
		).toThrow(InputError);
		expect(navigatorInbox(db, 'nav1').map((r) => r.id)).toEqual(['p2']);
		sendMessage(
			db,
			{ participantId: 'p1', senderId: 'p1', senderRole: 'participant', body: 'Hi' },
			now
		);
		const toNavigator = db
			.select()
			.from(table.notification)
			.where(eq(table.notification.kind, 'new_message'))
			.all()
			.filter((n) => n.userId.startsWith('nav'));
		expect(toNavigator.map((n) => n.userId)).toEqual(['nav2']);
	});

	it('stores a repeated submit once', () => {
		const input = {
			participantId: 'p1',
			senderId: 'p1',
			senderRole: 'participant' as const,
			body: 'Once',
			clientKey: 'a1b2c3d4-key'
		};
		expect(sendMessage(db, input, now).duplicate).toBe(false);
		expect(sendMessage(db, input, now).duplicate).toBe(true);
		expect(listThread(db, 'p1')).toHaveLength(1);
	});

	it('puts unread conversations first in the inbox and keeps working hours per navigator', () => {
		sendMessage(
			db,
			{ participantId: 'p2', senderId: 'p2', senderRole: 'participant', body: 'Hi' },
			now
		);
		expect(navigatorInbox(db, 'nav1').map((r) => [r.id, r.unread])).toEqual([
			['p2', 1],
			['p1', 0]
		]);
		expect(getWorkingHours(db, 'nav1')).toBe('Monday to Friday, 9am to 5pm');
		setWorkingHours(db, 'nav1', 'Tuesday to Saturday, 10am to 6pm');
		expect(getWorkingHours(db, 'nav1')).toBe('Tuesday to Saturday, 10am to 6pm');
		expect(getWorkingHours(db, 'nav2')).toBe('Monday to Friday, 9am to 5pm');
		expect(fieldErrorsOf(() => setWorkingHours(db, 'nav1', ' ')).hours).toBeTruthy();
	});
});

describe('callbacks', () => {
	it('accepts UK numbers as people type them and explains anything else', () => {
		expect(normaliseUkPhone('07700 900123')).toBe('07700900123');
		expect(normaliseUkPhone('+44 7700 900123')).toBe('07700900123');
		expect(normaliseUkPhone('0044 (0)191 498 0000')).toBe('01914980000');
		expect(normaliseUkPhone('020-7946-0000')).toBe('02079460000');
		for (const bad of ['+1 202 555 0143', '12345', '07700 90012', 'call me', '0033 612345678']) {
			expect(fieldErrorsOf(() => normaliseUkPhone(bad)).phone, bad).toMatch(/UK phone number/);
		}
		expect(fieldErrorsOf(() => normaliseUkPhone('')).phone).toMatch(/Enter a phone number/);
	});

	it('asks for a call only when the number and times are right, saying every mistake at once', () => {
		expect(
			fieldErrorsOf(() => askForCallback(db, 'p1', { phone: '12345', goodTimes: '' }, now))
		).toEqual({
			phone: expect.stringMatching(/UK phone number/),
			goodTimes: expect.stringMatching(/good time to call/)
		});
		expect(openCallbacks(db, 'p1')).toEqual([]);
		askForCallback(db, 'p1', { phone: '07700 900123', goodTimes: ' After 3pm ' }, now);
		expect(currentCallback(db, 'p1')).toMatchObject({
			phone: '07700900123',
			goodTimes: 'After 3pm'
		});
	});

	it('keeps one open request when asked from the weekly wellbeing page and then the call page', () => {
		submitWellbeing(
			db,
			'p1',
			{
				score: '2',
				helpWith: [],
				note: '',
				callback: true,
				phone: '07700 900123',
				goodTimes: 'After 3pm'
			},
			now
		);
		requestCallback(db, 'p1', { phone: '07700900124', goodTimes: 'Mornings' }, now);
		expect(openCallbacks(db, 'p1').map((c) => [c.phone, c.goodTimes])).toEqual([
			['07700900124', 'Mornings']
		]);
	});

	it('stays open until the participant’s own navigator marks it done', () => {
		const id = requestCallback(db, 'p1', { phone: '07700900123', goodTimes: 'After 3pm' }, now);
		requestCallback(db, 'p1', { phone: '07700900124', goodTimes: 'Mornings' }, now);
		expect(openCallbacks(db, 'p1').map((c) => c.goodTimes)).toEqual(['Mornings']);
		expect(() => markCallbackDone(db, 'nav2', 'p1', id, now)).toThrow(InputError);
		expect(() => markCallbackDone(db, 'nav1', 'p2', id, now)).toThrow(InputError);
		markCallbackDone(db, 'nav1', 'p1', id, now);
		expect(openCallbacks(db, 'p1')).toEqual([]);
	});
});
describe('call time', () => {
	const ask = () =>
		requestCallback(
			db,
			'p1',
			{ phone: '01914960123', goodTimes: 'Not when my probation officer is round' },
			now
		);
	const noticesTo = (userId: string, kind = 'callback_time') =>
		db
			.select()
			.from(table.notification)
			.where(eq(table.notification.userId, userId))
			.all()
			.filter((n) => n.kind === kind);

	it('reads a London date and time, in winter and in summer', () => {
		expect(checkCallTime({ date: '2026-03-12', time: '14:30' }, now)).toEqual(
			new Date('2026-03-12T14:30:00Z')
		);
		const june = new Date('2026-06-01T10:00:00Z');
		expect(checkCallTime({ date: '2026-06-02', time: '14:30' }, june)).toEqual(
			new Date('2026-06-02T13:30:00Z')
		);
	});

	it('explains a missing, unreal, past, far-off or night-time call next to its field', () => {
		const errors = (date: string, time: string) =>
			fieldErrorsOf(() => checkCallTime({ date, time }, now));
		expect(errors('', '')).toEqual({
			callDate: 'Enter the date of the call.',
			callTime: 'Enter the time of the call.'
		});
		expect(errors('2026-02-30', '9am')).toEqual({
			callDate: 'Enter a real date, like 2026-03-02.',
			callTime: 'Enter a time like 09:30 or 14:00.'
		});
		expect(errors('2026-03-09', '14:00')).toEqual({
			callDate: 'The date must be today or later.'
		});
		// Today, 10:00 in London: earlier today has gone.
		expect(errors('2026-03-10', '09:59')).toEqual({
			callTime: 'The time must be later than now.'
		});
		expect(errors('2026-04-08', '10:00')).toEqual({
			callDate: 'The date must be within the next 4 weeks.'
		});
		expect(checkCallTime({ date: '2026-04-07', time: '10:00' }, now)).toBeInstanceOf(Date);
		for (const night of ['07:59', '21:01', '23:00']) {
			expect(errors('2026-03-11', night), night).toEqual({
				callTime: 'Choose a time from 8am to 9pm.'
			});
		}
		expect(checkCallTime({ date: '2026-03-11', time: '21:00' }, now)).toBeInstanceOf(Date);
	});

	it('is set by the participant’s own navigator only', () => {
		const id = ask();
		const time = { date: '2026-03-12', time: '14:30' };
		expect(fieldErrorsOf(() => setCallTime(db, 'nav2', 'p1', id, time, now))).toEqual({
			callback: 'That call request was not found.'
		});
		expect(fieldErrorsOf(() => setCallTime(db, 'nav1', 'p2', id, time, now)).callback).toBe(
			'That call request was not found.'
		);
		expect(currentCallback(db, 'p1', now)?.callAt).toBeNull();
		expect(noticesTo('p1')).toEqual([]);
	});

	it('shows the participant the time while it is to come, and tells them once, discreetly', () => {
		const id = ask();
		const time = { date: '2026-03-12', time: '14:30' };
		expect(setCallTime(db, 'nav1', 'p1', id, time, now)).toEqual({
			callAt: new Date('2026-03-12T14:30:00Z'),
			changed: true
		});
		expect(setCallTime(db, 'nav1', 'p1', id, time, new Date(now.getTime() + 60_000))).toEqual({
			callAt: new Date('2026-03-12T14:30:00Z'),
			changed: false
		});
		expect(currentCallback(db, 'p1', now)).toMatchObject({
			phone: '01914960123',
			callAt: new Date('2026-03-12T14:30:00Z')
		});
		expect(currentCallback(db, 'p1', new Date('2026-03-12T14:30:00Z'))?.callAt).toBeNull();

		const notices = noticesTo('p1');
		expect(notices.map((n) => [n.title, n.body, n.url])).toEqual([
			[
				'Call arranged',
				'We will call you at 2:30pm on Thursday 12 March. Open the app for details.',
				'/support/callback'
			]
		]);
		const words = `${notices[0].title} ${notices[0].body}`;
		expect(isDiscreet(words)).toBe(true);
		expect(words).not.toMatch(/probation|01914960123|navigator|Morgan/i);
	});

	it('tells the participant again when the time changes, even back to an earlier one', () => {
		const id = ask();
		const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-12', time: '14:30' }, later(1));
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-12', time: '15:00' }, later(2));
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-12', time: '14:30' }, later(3));
		expect(noticesTo('p1').map((n) => n.body.match(/at (\S+)/)![1])).toEqual([
			'2:30pm',
			'3:00pm',
			'2:30pm'
		]);
		expect(openCallbacks(db, 'p1')[0].callAt).toEqual(new Date('2026-03-12T14:30:00Z'));
	});

	it('reminds the participant half an hour before, unless the call is set closer than an hour', () => {
		const id = ask();
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-12', time: '14:30' }, now);
		const [reminder] = noticesTo('p1', 'callback_reminder');
		expect(reminder).toMatchObject({
			title: 'Call soon',
			body: 'We will call you today at 2:30pm. Keep your phone with you.',
			url: '/support/callback',
			dueAt: new Date('2026-03-12T14:00:00Z'),
			status: 'queued'
		});
		expect(isDiscreet(`${reminder.title} ${reminder.body}`)).toBe(true);
		// Today at 10:00: a call at 10:55 has its "Call arranged" notice, and no reminder.
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-10', time: '10:55' }, now);
		expect(noticesTo('p1', 'callback_reminder').map((n) => n.status)).toEqual(['cancelled']);
		expect(noticesTo('p1').at(-1)?.status).toBe('queued');
	});

	it('takes back a notice or reminder not yet sent when the time changes or the call is done', () => {
		const id = ask();
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-12', time: '14:30' }, now);
		setCallTime(
			db,
			'nav1',
			'p1',
			id,
			{ date: '2026-03-12', time: '15:00' },
			new Date(now.getTime() + 60_000)
		);
		expect(noticesTo('p1').map((n) => n.status)).toEqual(['cancelled', 'queued']);
		expect(noticesTo('p1', 'callback_reminder').map((n) => n.status)).toEqual([
			'cancelled',
			'queued'
		]);
		markCallbackDone(db, 'nav1', 'p1', id, new Date(now.getTime() + 120_000));
		expect(noticesTo('p1').map((n) => n.status)).toEqual(['cancelled', 'cancelled']);
		expect(noticesTo('p1', 'callback_reminder').map((n) => n.status)).toEqual([
			'cancelled',
			'cancelled'
		]);
		expect(
			fieldErrorsOf(() =>
				setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-13', time: '10:00' }, now)
			)
		).toEqual({ callback: 'That call request is already done.' });
	});
});

describe('weekly wellbeing', () => {
	const good = { score: '4', helpWith: [], note: '', callback: false, phone: '', goodTimes: '' };

	it('is due once a week of the programme', () => {
		expect(programmeWeekOf('2026-03-02', '2026-03-08')).toBe(1);
		expect(programmeWeekOf('2026-03-02', '2026-03-09')).toBe(2);
		expect(wellbeingStatus(db, 'p1', now)).toMatchObject({ week: 2, done: false });
		expect(submitWellbeing(db, 'p1', good, now)).toEqual({
			struggling: false,
			unsafe: false,
			week: 2
		});
		expect(wellbeingStatus(db, 'p1', now)).toMatchObject({
			done: true,
			nextWeekStarts: '2026-03-16'
		});
		expect(fieldErrorsOf(() => submitWellbeing(db, 'p1', good, now)).score).toMatch(/already/);
		const nextWeek = new Date('2026-03-16T10:00:00Z');
		submitWellbeing(db, 'p1', { ...good, score: '2' }, nextWeek);
		expect(wellbeingTrend(db, 'p1').map((c) => [c.week, c.score])).toEqual([
			[2, 4],
			[3, 2]
		]);
	});

	it('checks every field and stores nothing on a mistake', () => {
		const errors = fieldErrorsOf(() =>
			submitWellbeing(
				db,
				'p1',
				{
					score: '9',
					helpWith: ['housing'],
					note: 'n'.repeat(1001),
					callback: true,
					phone: '+33 1 23 45 67 89',
					goodTimes: ''
				},
				now
			)
		);
		expect(Object.keys(errors).sort()).toEqual(['goodTimes', 'note', 'phone', 'score']);
		expect(wellbeingTrend(db, 'p1')).toEqual([]);
		expect(openCallbacks(db, 'p1')).toEqual([]);
	});

	it("marks struggling and asks for a call, both for the navigator's attention", () => {
		sendMessage(
			db,
			{ participantId: 'p2', senderId: 'p2', senderRole: 'participant', body: 'Hi' },
			now
		);
		const result = submitWellbeing(
			db,
			'p1',
			{
				score: '1',
				helpWith: ['housing', 'something_else', 'not-a-topic'],
				note: 'Rough week',
				callback: true,
				phone: '07700 900123',
				goodTimes: 'Any time'
			},
			new Date(now.getTime() - 60_000)
		);
		expect(result.struggling).toBe(true);
		expect(wellbeingTrend(db, 'p1')[0].helpWith).toEqual(['housing', 'something_else']);
		const kinds = (at: Date, id: string) =>
			caseloadAttention(db, 'nav1', at)
				.get(id)
				?.filter((r) => r.kind !== 'no_contact')
				.map((r) => [r.kind, r.severity]);
		expect(kinds(now, 'p1')).toEqual([
			['struggling', 'soon'],
			['callback', 'soon']
		]);
		expect(kinds(now, 'p2')).toEqual([['message', 'info']]);
		expect(caseloadAttention(db, 'nav2', now).size).toBe(0);
		const later = new Date(now.getTime() + 15 * 86_400_000);
		expect(kinds(later, 'p1')).toEqual([['callback', 'soon']]);
	});
});
