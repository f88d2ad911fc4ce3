import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	startNotifyStandIn,
	standInApiKey,
	standInEnvironment,
	tokenProblem
} from '../../../../tests/notify/stand-in';
import { openDatabase, type Db } from '../db/open';
import * as table from '../db/schema';
import { seedBooking, seedPeople } from '$fixtures/people';
import { bookSlot } from '../scheduling/booking';
import { cancelSlot, releaseBooking } from '../scheduling/cancellation';
import { markCallbackDone, requestCallback, setCallTime } from '../support/callbacks';
import { createTestDb, fieldErrorsOf } from '$fixtures/test-db';
import { InputError } from '../input';
import {
	confirmCode,
	maxCodeTries,
	removeChannel,
	sendConfirmationCode,
	setChannelOn
} from './contacts';
import { channelStates, recordReceipt } from './delivery';
import { createNotifySender } from './notify';
import { notifyConfigFromEnv, type NotifyConfig } from './notify-config';
import { enqueueNewMessage, enqueueSafeguardingAlert, isDiscreet } from './queue';
import { runReminders } from './scheduler';

const hour = 3_600_000;
const environment = { ...standInEnvironment, ORIGIN: 'https://app.example.org' };

let standIn: Awaited<ReturnType<typeof startNotifyStandIn>>;
let config: NotifyConfig;
let textAndEmail: { sender: ReturnType<typeof createNotifySender>; config: NotifyConfig };
const noPush = async () => 'sent' as const;

beforeAll(async () => {
	standIn = await startNotifyStandIn();
	config = notifyConfigFromEnv({ ...environment, NOTIFY_BASE_URL: standIn.url })!;
	textAndEmail = { sender: createNotifySender(config), config };
});
afterAll(() => standIn.close());

let db: Db;
beforeEach(() => {
	db = createTestDb();
	seedPeople(db);
	standIn.received.length = 0;
});

/** A day in March (GMT) at a London wall-clock time. */
const on = (day: number, time: string) =>
	new Date(`2026-03-${String(day).padStart(2, '0')}T${time}:00Z`);

async function confirmMobile(userId = 'p1', number = '07700 900123', now = on(2, '12:00')) {
	await sendConfirmationCode(
		db,
		textAndEmail.sender,
		config,
		{ userId, role: 'participant', channel: 'sms', value: number },
		now
	);
	const code = standIn.received.at(-1)!.personalisation.code;
	confirmCode(db, { userId, channel: 'sms', code }, now);
	standIn.received.length = 0;
}

describe('confirming a number by code', () => {
	it('sends a 6-digit code to the number given, stores only its hash, and turns the channel on with it', async () => {
		await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '+44 7700 900123' },
			on(2, '12:00')
		);
		const [message] = standIn.received;
		expect(message).toMatchObject({
			channel: 'sms',
			to: '07700900123',
			templateId: environment.NOTIFY_SMS_TEMPLATE_CODE
		});
		expect(message.personalisation.code).toMatch(/^\d{6}$/);
		const row = db.select().from(table.contactPoint).get()!;
		expect(JSON.stringify(row)).not.toContain(message.personalisation.code);
		expect(channelStates(db, 'p1')).toMatchObject([
			{ channel: 'sms', confirmed: false, awaitingCode: true }
		]);

		confirmCode(
			db,
			{ userId: 'p1', channel: 'sms', code: message.personalisation.code },
			on(2, '12:05')
		);
		expect(channelStates(db, 'p1')).toMatchObject([
			{ channel: 'sms', confirmed: true, enabled: true }
		]);
	});

	it('refuses a wrong code, an expired code, and any code after five wrong tries', async () => {
		const now = on(2, '12:00');
		await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900123' },
			now
		);
		const code = standIn.received[0].personalisation.code;
		const wrong = code === '000000' ? '111111' : '000000';
		expect(
			fieldErrorsOf(() => confirmCode(db, { userId: 'p1', channel: 'sms', code }, on(2, '12:16')))
		).toEqual({
			code: 'This code has run out. Ask for a new code.'
		});
		for (let i = 1; i < maxCodeTries; i++) {
			expect(
				fieldErrorsOf(() => confirmCode(db, { userId: 'p1', channel: 'sms', code: wrong }, now))
					.code
			).toMatch(/not right/);
		}
		expect(
			fieldErrorsOf(() => confirmCode(db, { userId: 'p1', channel: 'sms', code: wrong }, now)).code
		).toMatch(/Too many/);
		expect(
			fieldErrorsOf(() => confirmCode(db, { userId: 'p1', channel: 'sms', code }, now)).code
		).toMatch(/Too many/);
		expect(channelStates(db, 'p1')[0].confirmed).toBe(false);
	});

	it('says so next to the field when Notify refuses the number, and when it is busy', async () => {
		standIn.answerNext(400);
		const refused = await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900123' },
			on(2, '12:00')
		).catch((e) => e);
		expect(refused).toBeInstanceOf(InputError);
		expect(refused.fields.address).toMatch(/cannot send texts to this number/);
		standIn.answerNext(500);
		const busy = await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900123' },
			on(2, '12:02')
		).catch((e) => e);
		expect(busy.fields.address).toMatch(/Try again in a few minutes/);
	});

	it('refuses a number that is not a UK mobile, and a new code within a minute of the last', async () => {
		const bad = await sendConfirmationCode(db, textAndEmail.sender, config, {
			userId: 'p1',
			role: 'participant',
			channel: 'sms',
			value: '0191 123 4567'
		}).catch((e) => e);
		expect(bad.fields.address).toMatch(/UK mobile number/);
		await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900123' },
			on(2, '12:00')
		);
		const again = await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900123' },
			on(2, '12:00')
		).catch((e) => e);
		expect(again.fields.address).toMatch(/less than a minute ago/);
		expect(standIn.received).toHaveLength(1);
	});

	it('sends at most five codes a day to one person', async () => {
		const send = (minutes: number) =>
			sendConfirmationCode(
				db,
				textAndEmail.sender,
				config,
				{ userId: 'p1', role: 'participant', channel: 'sms', value: `0770090012${minutes % 10}` },
				new Date(on(2, '12:00').getTime() + minutes * 60_000)
			);
		for (let i = 0; i < 5; i++) await send(i * 2);
		expect((await send(20).catch((e) => e)).fields.address).toMatch(/too many codes today/);
		expect(standIn.received).toHaveLength(5);
		await send(24 * 60 + 1);
		expect(standIn.received).toHaveLength(6);
	});

	it('leaves a number that works for the participant to change, when staff enter another', async () => {
		await confirmMobile();
		const byStaff = await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900456', byStaff: true },
			on(2, '13:00')
		).catch((e) => e);
		expect(byStaff.fields.address).toMatch(/they enter the new number in the app/);
		expect(channelStates(db, 'p1')[0]).toMatchObject({ address: '07700900123', confirmed: true });
		expect(standIn.received).toHaveLength(0);
	});

	it('keeps counting codes when the number is removed and entered again', async () => {
		const send = (minutes: number) =>
			sendConfirmationCode(
				db,
				textAndEmail.sender,
				config,
				{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900123' },
				new Date(on(2, '12:00').getTime() + minutes * 60_000)
			);
		await send(0);
		removeChannel(db, 'p1', 'sms', on(2, '12:00'));
		expect((await send(0).catch((e) => e)).fields.address).toMatch(/less than a minute ago/);
		expect(channelStates(db, 'p1')).toEqual([]);
		for (let i = 1; i < 5; i++) {
			await send(i * 2);
			removeChannel(db, 'p1', 'sms', on(2, '12:00'));
		}
		expect((await send(20).catch((e) => e)).fields.address).toMatch(/too many codes today/);
		expect(standIn.received).toHaveLength(5);
	});

	it('sends nothing but the code to a number that is not confirmed', async () => {
		await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'sms', value: '07700900123' },
			on(2, '12:00')
		);
		enqueueNewMessage(db, 1, 'p1', '/support', on(2, '12:00'));
		await runReminders(db, noPush, on(2, '12:01'), textAndEmail);
		expect(standIn.received).toHaveLength(1);
	});
});

describe('what is sent', () => {
	it('sends a reminder by text and email, discreetly, with a link to the app and nothing of the session', async () => {
		await confirmMobile();
		await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'email', value: 'Jordan@Example.org' },
			on(2, '12:00')
		);
		confirmCode(
			db,
			{ userId: 'p1', channel: 'email', code: standIn.received[0].personalisation.code },
			on(2, '12:00')
		);
		standIn.received.length = 0;

		seedBooking(db, on(10, '10:00'), on(2, '12:00'));
		await runReminders(db, noPush, on(9, '10:00'), textAndEmail);
		expect(standIn.received.map((m) => [m.channel, m.to, m.templateId]).sort()).toEqual([
			['email', 'jordan@example.org', environment.NOTIFY_EMAIL_TEMPLATE_REMINDER],
			['sms', '07700900123', environment.NOTIFY_SMS_TEMPLATE_REMINDER]
		]);
		for (const m of standIn.received) {
			expect(m.personalisation).toEqual({
				subject: 'Appointment reminder',
				message: 'You have an appointment tomorrow at 10:00am.',
				link: 'https://app.example.org/sessions'
			});
		}
	});

	it('tells the participant when staff book, release or cancel a session, never naming it', async () => {
		await confirmMobile('p2', '07700 900222');
		const { slotId } = seedBooking(db, on(10, '10:00'), on(2, '12:00'));
		const bookingId = bookSlot(
			db,
			{ slotId, participantId: 'p2', bookedBy: 'nav1' },
			on(3, '12:00')
		);
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		releaseBooking(
			db,
			'nav1',
			{ slotId, bookingId },
			'Clash with a hospital visit',
			on(3, '13:00')
		);
		await runReminders(db, noPush, on(3, '13:00'), textAndEmail);
		bookSlot(db, { slotId, participantId: 'p2', bookedBy: 'nav1' }, on(3, '14:00'));
		cancelSlot(db, 'nav1', slotId, 'Room unavailable', on(3, '15:00'));
		await runReminders(db, noPush, on(3, '15:00'), textAndEmail);
		expect(standIn.received.map((m) => [m.templateId, m.personalisation.message])).toEqual([
			[
				environment.NOTIFY_SMS_TEMPLATE_UPDATE,
				'You have a new appointment on Tuesday 10 March, 10:00am. Open the app for details.'
			],
			[
				environment.NOTIFY_SMS_TEMPLATE_UPDATE,
				'Your appointment on Tuesday 10 March, 10:00am is cancelled. Open the app to book another time.'
			],
			[
				environment.NOTIFY_SMS_TEMPLATE_UPDATE,
				'You have a new appointment on Tuesday 10 March, 10:00am. Open the app for details.'
			],
			[
				environment.NOTIFY_SMS_TEMPLATE_UPDATE,
				'Your appointment on Tuesday 10 March, 10:00am is cancelled. Open the app to book another time.'
			]
		]);
		expect(JSON.stringify(standIn.received)).not.toMatch(/Drugs|hospital|Room/i);
	});

	it('does not send what was held overnight once the participant turns texts off', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '22:00'));
		await runReminders(db, noPush, on(3, '22:00'), textAndEmail);
		setChannelOn(db, 'p1', 'sms', false, on(3, '23:00'));
		await runReminders(db, noPush, on(4, '08:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		setChannelOn(db, 'p1', 'sms', true, on(4, '09:00'));
		enqueueNewMessage(db, 2, 'p1', '/support', on(4, '09:00'));
		await runReminders(db, noPush, on(4, '09:00'), textAndEmail);
		expect(standIn.received).toHaveLength(1);
	});

	it('sends nothing to a deactivated account', async () => {
		await confirmMobile();
		db.update(table.user).set({ active: false }).where(eq(table.user.id, 'p1')).run();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
	});

	it('says a message arrived without its text', async () => {
		await confirmMobile();
		const [{ id }] = db
			.insert(table.message)
			.values({
				participantId: 'p1',
				senderId: 'nav1',
				senderRole: 'navigator',
				body: 'Your drugs test is on Friday',
				createdAt: on(3, '12:00')
			})
			.returning()
			.all();
		enqueueNewMessage(db, id, 'p1', '/support', on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		expect(standIn.received).toHaveLength(1);
		const sent = JSON.stringify(standIn.received[0]);
		expect(sent).not.toMatch(/drugs|Friday/i);
		expect(isDiscreet(Object.values(standIn.received[0].personalisation).join(' '))).toBe(true);
	});

	it('emails staff urgent alerts only, and never texts them', async () => {
		await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'nav1', role: 'navigator', channel: 'email', value: 'morgan@example.org' },
			on(2, '12:00')
		);
		confirmCode(
			db,
			{ userId: 'nav1', channel: 'email', code: standIn.received[0].personalisation.code },
			on(2, '12:00')
		);
		standIn.received.length = 0;
		enqueueNewMessage(db, 7, 'nav1', '/navigator/participants/p1', on(3, '22:00'));
		enqueueSafeguardingAlert(db, 'nav1', 'item-1', '/navigator', on(3, '22:00'));
		await runReminders(db, noPush, on(3, '22:00'), textAndEmail);
		expect(
			standIn.received.map((m) => [m.channel, m.templateId, m.personalisation.message])
		).toEqual([
			[
				'email',
				environment.NOTIFY_EMAIL_TEMPLATE_ALERT,
				'Something urgent is waiting for you. Sign in to see it.'
			]
		]);
		const text = await sendConfirmationCode(db, textAndEmail.sender, config, {
			userId: 'nav1',
			role: 'navigator',
			channel: 'sms',
			value: '07700900123'
		}).catch((e) => e);
		expect(text.fields.address).toMatch(/email only/);
	});
});

describe('a callback time', () => {
	async function confirmEmail(now = on(2, '12:00')) {
		await sendConfirmationCode(
			db,
			textAndEmail.sender,
			config,
			{ userId: 'p1', role: 'participant', channel: 'email', value: 'jordan@example.org' },
			now
		);
		const code = standIn.received.at(-1)!.personalisation.code;
		confirmCode(db, { userId: 'p1', channel: 'email', code }, now);
		standIn.received.length = 0;
	}
	const askForCall = () =>
		requestCallback(
			db,
			'p1',
			{ phone: '01914960123', goodTimes: 'Not when my probation officer is round' },
			on(3, '09:00')
		);

	it('goes by text and email once each, with a link and nothing of the request', async () => {
		await confirmMobile();
		await confirmEmail();
		const id = askForCall();
		const time = { date: '2026-03-05', time: '14:30' };
		setCallTime(db, 'nav1', 'p1', id, time, on(3, '12:00'));
		setCallTime(db, 'nav1', 'p1', id, time, on(3, '12:01'));
		await runReminders(db, noPush, on(3, '12:01'), textAndEmail);
		await runReminders(db, noPush, on(3, '12:05'), textAndEmail);
		// The stand-in keeps only what it accepted: a token signed with the key, and a whole body.
		expect(standIn.received.map((m) => [m.channel, m.to, m.templateId]).sort()).toEqual([
			['email', 'jordan@example.org', environment.NOTIFY_EMAIL_TEMPLATE_UPDATE],
			['sms', '07700900123', environment.NOTIFY_SMS_TEMPLATE_UPDATE]
		]);
		for (const m of standIn.received) {
			expect(m.personalisation).toEqual({
				subject: 'Call arranged',
				message: 'We will call you at 2:30pm on Thursday 5 March. Open the app for details.',
				link: 'https://app.example.org/support/callback'
			});
			expect(isDiscreet(Object.values(m.personalisation).join(' '))).toBe(true);
		}
		expect(JSON.stringify(standIn.received)).not.toMatch(/probation|01914960123|Morgan/i);
	});

	it('reminds them by text half an hour before the call', async () => {
		await confirmMobile();
		const id = askForCall();
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-04', time: '14:30' }, on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		standIn.received.length = 0;
		await runReminders(db, noPush, on(4, '13:59'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		await runReminders(db, noPush, on(4, '14:00'), textAndEmail);
		await runReminders(db, noPush, on(4, '14:05'), textAndEmail);
		expect(standIn.received.map((m) => [m.templateId, m.personalisation])).toEqual([
			[
				environment.NOTIFY_SMS_TEMPLATE_UPDATE,
				{
					subject: 'Call soon',
					message: 'We will call you today at 2:30pm. Keep your phone with you.',
					link: 'https://app.example.org/support/callback'
				}
			]
		]);
	});

	it('sends no call reminder once the call is due, after a backlog or a failed text', async () => {
		await confirmMobile();
		const id = askForCall();
		const reminders = () =>
			db
				.select({ status: table.notification.status })
				.from(table.notification)
				.where(eq(table.notification.kind, 'callback_reminder'))
				.all();
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-04', time: '14:30' }, on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		standIn.received.length = 0;
		// Nothing ran between 14:00 and the call: the reminder is dropped.
		await runReminders(db, noPush, on(4, '14:30'), textAndEmail);
		expect(reminders()).toEqual([{ status: 'cancelled' }]);

		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-05', time: '14:30' }, on(4, '15:00'));
		await runReminders(db, noPush, on(4, '15:00'), textAndEmail);
		standIn.received.length = 0;
		// The next day's reminder text fails at first, and its retry comes after the call.
		standIn.answerNext(500);
		await runReminders(db, noPush, on(5, '14:00'), textAndEmail);
		await runReminders(db, noPush, on(5, '14:31'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		expect(reminders()).toEqual([{ status: 'cancelled' }, { status: 'sent' }]);
		expect(
			db
				.select({ status: table.notificationDelivery.status })
				.from(table.notificationDelivery)
				.innerJoin(
					table.notification,
					eq(table.notification.id, table.notificationDelivery.notificationId)
				)
				.where(eq(table.notification.kind, 'callback_reminder'))
				.all()
		).toEqual([{ status: 'cancelled' }]);
	});

	it('sends the new time when it changes, and not the old one still waiting', async () => {
		await confirmMobile();
		const id = askForCall();
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-04', time: '10:00' }, on(3, '21:30'));
		await runReminders(db, noPush, on(3, '21:30'), textAndEmail);
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-04', time: '11:00' }, on(3, '21:45'));
		await runReminders(db, noPush, on(3, '21:45'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		await runReminders(db, noPush, on(4, '08:00'), textAndEmail);
		expect(standIn.received.map((m) => m.personalisation.message)).toEqual([
			'We will call you at 11:00am on Wednesday 4 March. Open the app for details.'
		]);
	});

	it('sends nothing held overnight once the call is marked done', async () => {
		await confirmMobile();
		const id = askForCall();
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-04', time: '10:00' }, on(3, '21:30'));
		await runReminders(db, noPush, on(3, '21:30'), textAndEmail);
		markCallbackDone(db, 'nav1', 'p1', id, on(3, '22:00'));
		await runReminders(db, noPush, on(4, '08:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
	});

	it('sends no text of an old time waiting for a retry once the time changes', async () => {
		await confirmMobile();
		const id = askForCall();
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-04', time: '10:00' }, on(3, '12:00'));
		standIn.answerNext(500);
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		setCallTime(db, 'nav1', 'p1', id, { date: '2026-03-04', time: '11:00' }, on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:01'), textAndEmail);
		await runReminders(db, noPush, on(3, '12:10'), textAndEmail);
		expect(standIn.received.map((m) => m.personalisation.message)).toEqual([
			'We will call you at 11:00am on Wednesday 4 March. Open the app for details.'
		]);
	});
});

describe('quiet hours', () => {
	it('holds anything but a same-day reminder from 21:00 until 08:00 London time', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '21:30'));
		const sameDay = seedBooking(db, on(5, '09:30'), on(3, '12:00'));
		await runReminders(db, noPush, on(3, '21:30'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		await runReminders(db, noPush, on(4, '07:59'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		await runReminders(db, noPush, on(4, '08:00'), textAndEmail);
		expect(standIn.received.map((m) => m.personalisation.subject)).toEqual(['New message']);

		// The 2-hour reminder for a 09:30 session falls at 07:30 on the same day: it goes.
		await runReminders(db, noPush, on(5, '07:30'), textAndEmail);
		expect(standIn.received.map((m) => m.personalisation.message).at(-1)).toBe(
			'You have an appointment today at 9:30am.'
		);
		expect(sameDay.bookingId).toBeTruthy();
	});

	it('holds a next-day reminder due in the evening until the morning', async () => {
		await confirmMobile();
		seedBooking(db, on(6, '22:00'), on(3, '12:00'));
		await runReminders(db, noPush, on(5, '22:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		await runReminders(db, noPush, on(6, '08:00'), textAndEmail);
		expect(standIn.received.map((m) => m.personalisation.message)).toEqual([
			'You have an appointment today at 10:00pm.'
		]);
	});

	it('does not send a held reminder once the booking is cancelled', async () => {
		await confirmMobile();
		const { bookingId } = seedBooking(db, on(6, '22:00'), on(3, '12:00'));
		await runReminders(db, noPush, on(5, '22:00'), textAndEmail);
		db.update(table.booking)
			.set({ status: 'cancelled_by_participant' })
			.where(eq(table.booking.id, bookingId))
			.run();
		await runReminders(db, noPush, on(6, '08:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		expect(db.select().from(table.notification).get()!.status).toBe('cancelled');
		expect(db.select().from(table.notificationDelivery).all()).toEqual([]);
	});

	it('holds a text whose retry falls in the quiet hours until the morning', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '20:59'));
		standIn.answerNext(500);
		await runReminders(db, noPush, on(3, '20:59'), textAndEmail);
		await runReminders(db, noPush, on(3, '21:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		expect(db.select().from(table.notificationDelivery).get()).toMatchObject({
			status: 'queued',
			nextAttemptAt: on(4, '08:00')
		});
		await runReminders(db, noPush, on(4, '08:00'), textAndEmail);
		expect(standIn.received).toHaveLength(1);
	});
});

describe('exactly once', () => {
	it('tries again with growing gaps on 429 and 500, and sends once', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		standIn.answerNext(429, 500);
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		await runReminders(db, noPush, new Date(on(3, '12:00').getTime() + 30_000), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		const row = () => db.select().from(table.notificationDelivery).get()!;
		expect(row()).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: on(3, '12:01') });
		await runReminders(db, noPush, on(3, '12:01'), textAndEmail);
		expect(row()).toMatchObject({ status: 'queued', attempts: 2, nextAttemptAt: on(3, '12:03') });
		await runReminders(db, noPush, on(3, '12:03'), textAndEmail);
		await runReminders(db, noPush, on(3, '12:30'), textAndEmail);
		expect(standIn.received).toHaveLength(1);
		expect(row()).toMatchObject({ status: 'sent', attempts: 3, notifyId: standIn.received[0].id });
	});

	it('after a request with no answer, asks Notify by reference and does not send again', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		standIn.answerNext('hang-up');
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		expect(standIn.received).toHaveLength(1);
		expect(db.select().from(table.notificationDelivery).get()!.status).toBe('sending');
		for (const time of ['12:01', '12:05', '13:00']) {
			await runReminders(db, noPush, on(3, time), textAndEmail);
		}
		expect(standIn.received).toHaveLength(1);
		expect(db.select().from(table.notificationDelivery).get()).toMatchObject({
			status: 'sent',
			notifyId: standIn.received[0].id
		});
	});

	it('after a crash between claim and request, sends it once Notify says it never arrived', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:00'), null);
		// The process died holding the claim: the row is "sending" and Notify has nothing.
		db.update(table.notificationDelivery)
			.set({ status: 'sending', attempts: 1, nextAttemptAt: on(3, '12:02') })
			.run();
		await runReminders(db, noPush, on(3, '12:01'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		await runReminders(db, noPush, on(3, '12:02'), textAndEmail);
		await runReminders(db, noPush, on(3, '12:10'), textAndEmail);
		expect(standIn.received).toHaveLength(1);
	});

	it('sends once across a restart after a request with no answer', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'checkpoint-texts-'));
		try {
			const path = join(dir, 'app.db');
			let file = openDatabase(path);
			seedPeople(file);
			db = file;
			await confirmMobile();
			enqueueNewMessage(file, 1, 'p1', '/support', on(3, '12:00'));
			standIn.answerNext('hang-up');
			await runReminders(file, noPush, on(3, '12:00'), textAndEmail);
			file.$client.close();

			// A new process: a new connection and a new client.
			file = openDatabase(path);
			const restarted = { sender: createNotifySender(config), config };
			await runReminders(file, noPush, on(3, '12:05'), restarted);
			await runReminders(file, noPush, on(3, '12:30'), restarted);
			expect(standIn.received).toHaveLength(1);
			expect(file.select().from(table.notificationDelivery).get()!.status).toBe('sent');
			file.$client.close();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('sends once when two runs overlap', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		await Promise.all([
			runReminders(db, noPush, on(3, '12:00'), textAndEmail),
			runReminders(db, noPush, on(3, '12:00'), textAndEmail)
		]);
		expect(standIn.received).toHaveLength(1);
	});
});

describe('failures', () => {
	it('stops the channel on an invalid number and shows why', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		enqueueNewMessage(db, 2, 'p1', '/support', on(3, '12:00'));
		// Both were claimed in one run; Notify refuses the number each time.
		standIn.answerNext(400, 400);
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
		expect(channelStates(db, 'p1')).toMatchObject([
			{ channel: 'sms', failure: 'The phone number does not work', last: { status: 'failed' } }
		]);
		enqueueNewMessage(db, 3, 'p1', '/support', on(3, '13:00'));
		await runReminders(db, noPush, on(3, '13:00'), textAndEmail);
		expect(standIn.received).toHaveLength(0);
	});

	it('keeps trying on 403 (a wrong key is fixed by staff) and gives up after eight tries', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		standIn.answerNext(...Array(8).fill(403));
		for (let h = 0; h < 10; h++) {
			await runReminders(db, noPush, new Date(on(3, '12:00').getTime() + h * hour), textAndEmail);
		}
		expect(standIn.received).toHaveLength(0);
		expect(db.select().from(table.notificationDelivery).get()).toMatchObject({
			status: 'failed',
			attempts: 8
		});
	});
});

describe('delivery receipts', () => {
	it('records delivered, and a permanent failure stops the channel', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		const [sent] = standIn.received;
		expect(recordReceipt(db, { id: sent.id, reference: sent.reference, status: 'delivered' })).toBe(
			true
		);
		expect(channelStates(db, 'p1')[0].last?.status).toBe('delivered');

		expect(
			recordReceipt(db, {
				id: 'another-id',
				reference: sent.reference,
				status: 'permanent-failure'
			})
		).toBe(false);
		expect(
			recordReceipt(db, { id: sent.id, reference: sent.reference, status: 'permanent-failure' })
		).toBe(true);
		expect(channelStates(db, 'p1')[0]).toMatchObject({
			failure: 'The phone number does not work',
			last: { status: 'failed' }
		});
	});

	it('a late failure about an old number leaves what is queued for the new one', async () => {
		await confirmMobile();
		enqueueNewMessage(db, 1, 'p1', '/support', on(3, '12:00'));
		await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
		const [toOldNumber] = standIn.received;
		await confirmMobile('p1', '07700 900456', on(3, '12:10'));
		standIn.answerNext(500);
		enqueueNewMessage(db, 2, 'p1', '/support', on(3, '12:20'));
		await runReminders(db, noPush, on(3, '12:20'), textAndEmail);
		expect(
			recordReceipt(db, {
				id: toOldNumber.id,
				reference: toOldNumber.reference,
				status: 'permanent-failure'
			})
		).toBe(true);
		expect(channelStates(db, 'p1')[0]).toMatchObject({ address: '07700900456', failure: null });
		await runReminders(db, noPush, on(3, '13:00'), textAndEmail);
		expect(standIn.received.map((m) => m.to)).toEqual(['07700900456']);
	});

	it('ignores receipts for references it did not make', () => {
		expect(recordReceipt(db, { id: 'x', reference: 'something-else', status: 'delivered' })).toBe(
			false
		);
		expect(recordReceipt(db, { id: 'x', reference: 'delivery-99', status: 'delivered' })).toBe(
			false
		);
	});
});

it('a confirmed channel can be entered again after it failed', async () => {
	await confirmMobile();
	db.update(table.contactPoint)
		.set({ failedAt: on(3, '12:00'), failure: 'x' })
		.where(eq(table.contactPoint.userId, 'p1'))
		.run();
	await confirmMobile('p1', '07700900124', on(4, '12:00'));
	expect(channelStates(db, 'p1')[0]).toMatchObject({
		address: '07700900124',
		confirmed: true,
		failure: null
	});
});

it('never sends words that must not reach a lock screen, whatever is queued', async () => {
	await confirmMobile();
	db.insert(table.notification)
		.values({
			key: 'written-around-the-queue',
			userId: 'p1',
			kind: 'new_message',
			title: 'New message',
			body: 'About your police interview',
			url: '/support',
			dueAt: on(3, '12:00'),
			createdAt: on(3, '12:00')
		})
		.run();
	await runReminders(db, noPush, on(3, '12:00'), textAndEmail);
	expect(standIn.received).toHaveLength(0);
	expect(db.select().from(table.notificationDelivery).get()!.status).toBe('cancelled');
});

describe('the Notify stand-in', () => {
	it('refuses a token signed with another secret, and the client reports it as refused', async () => {
		const otherSecret = standInApiKey.slice(0, -12) + '000000000000';
		const sender = createNotifySender({ ...config, apiKey: otherSecret });
		const outcome = await sender.send({
			channel: 'sms',
			templateId: environment.NOTIFY_SMS_TEMPLATE_UPDATE,
			to: '07700900123',
			personalisation: {},
			reference: 'x'
		});
		expect(outcome).toMatchObject({
			result: 'refused',
			reason: expect.stringMatching(/^403 AuthError/)
		});
		expect(standIn.received).toHaveLength(0);
	});

	it('checks the issuer, the issued-at time and the signature', () => {
		const secret = standInApiKey.slice(-36);
		const serviceId = standInApiKey.slice(-73, -37);
		const token = (claims: object, key = secret) => {
			const head = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })).toString('base64url');
			const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
			const signature = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
			return `Bearer ${head}.${body}.${signature}`;
		};
		const now = Date.now();
		const iat = Math.round(now / 1000);
		expect(tokenProblem(token({ iss: serviceId, iat }), now)).toBeNull();
		expect(tokenProblem(token({ iss: serviceId, iat: iat - 31 }), now)).toMatch(/30 seconds/);
		expect(tokenProblem(token({ iss: 'another-service', iat }), now)).toMatch(/service not found/);
		expect(tokenProblem(token({ iss: serviceId, iat }, 'another-secret'), now)).toMatch(
			/signature/
		);
		expect(tokenProblem(undefined, now)).toMatch(/must be provided/);
	});
});
