import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open';
import * as table from '../db/schema';
import { seedBooking, seedPeople } from '$fixtures/people';
import { createTestDb } from '$fixtures/test-db';
import type { PushPayload, PushResult, PushSender, PushTarget } from './push';
import { enqueuePlanChanged, enqueueSlotCancelled, isDiscreet } from './queue';
import { queueSessionReminders, runReminders, sendDueNotifications } from './scheduler';

const hour = 3_600_000;
// Tuesday 10 March 2026, 10:00 in London (GMT).
const startsAt = new Date('2026-03-10T10:00:00Z');
const at = (hoursBefore: number) => new Date(startsAt.getTime() - hoursBefore * hour);

function recorder(result: PushResult = 'sent') {
	const sent: { target: PushTarget; payload: PushPayload }[] = [];
	const send: PushSender = async (target, payload) => {
		sent.push({ target, payload });
		return result;
	};
	return { sent, send };
}

function subscribe(db: Db, userId = 'p1', endpoint = 'https://push.example/abc') {
	db.insert(table.pushSubscription)
		.values({
			id: crypto.randomUUID(),
			userId,
			endpoint,
			p256dh: 'k',
			auth: 'a',
			createdAt: new Date()
		})
		.run();
}

let db: Db;
beforeEach(() => {
	db = createTestDb();
	seedPeople(db);
	subscribe(db);
});

describe('session reminders', () => {
	it('sends the 24-hour and 2-hour reminders once each, in discreet words', async () => {
		seedBooking(db, startsAt, at(48));
		const { sent, send } = recorder();
		await runReminders(db, send, at(30));
		expect(sent).toHaveLength(0);
		await runReminders(db, send, at(24));
		await runReminders(db, send, at(23.5));
		await runReminders(db, send, at(3));
		expect(sent.map((s) => s.payload.body)).toEqual([
			'You have an appointment tomorrow at 10:00am.'
		]);
		await runReminders(db, send, at(2));
		await runReminders(db, send, at(1));
		expect(sent.map((s) => s.payload.body)).toEqual([
			'You have an appointment tomorrow at 10:00am.',
			'You have an appointment today at 10:00am.'
		]);
		for (const s of sent) {
			expect(isDiscreet(s.payload.title + ' ' + s.payload.body)).toBe(true);
			expect(s.payload.body).not.toContain('Drugs and alcohol group');
		}
	});

	it('sends nothing after the booking or the slot is cancelled', async () => {
		const { bookingId } = seedBooking(db, startsAt, at(48));
		const { sent, send } = recorder();
		await runReminders(db, send, at(24));
		expect(sent).toHaveLength(1);
		db.update(table.booking)
			.set({ status: 'cancelled_by_participant' })
			.where(eq(table.booking.id, bookingId))
			.run();
		await runReminders(db, send, at(2));
		expect(sent).toHaveLength(1);
	});

	it('does not send a queued reminder once its booking or slot is cancelled', async () => {
		const first = seedBooking(db, startsAt, at(48));
		const second = seedBooking(db, startsAt, at(48));
		expect(queueSessionReminders(db, at(24))).toBe(2);
		db.update(table.booking)
			.set({ status: 'cancelled_by_navigator' })
			.where(eq(table.booking.id, first.bookingId))
			.run();
		db.update(table.slot)
			.set({ status: 'cancelled' })
			.where(eq(table.slot.id, second.slotId))
			.run();
		const { sent, send } = recorder();
		expect(await sendDueNotifications(db, send, at(23))).toMatchObject({ sent: 0, cancelled: 2 });
		expect(sent).toHaveLength(0);
	});

	it('skips a reminder whose moment passed before the booking was made', async () => {
		seedBooking(db, startsAt, at(5));
		const { sent, send } = recorder();
		await runReminders(db, send, at(4));
		await runReminders(db, send, at(2));
		expect(sent.map((s) => s.payload.body)).toEqual(['You have an appointment today at 10:00am.']);
	});
});

describe('quiet hours for push', () => {
	it('holds a push due at 22:00 until 08:00 London time', async () => {
		enqueuePlanChanged(db, 'p1', 'v2', new Date('2026-03-09T22:00:00Z'));
		const { sent, send } = recorder();
		expect(await runReminders(db, send, new Date('2026-03-09T22:00:00Z'))).toMatchObject({
			sent: 0,
			deferred: 1
		});
		await runReminders(db, send, new Date('2026-03-10T07:59:00Z'));
		expect(sent).toHaveLength(0);
		await runReminders(db, send, new Date('2026-03-10T08:00:00Z'));
		await runReminders(db, send, new Date('2026-03-10T08:01:00Z'));
		expect(sent.map((s) => s.payload.title)).toEqual(['Your plan has changed']);
	});

	it('keeps to London time when the clocks have gone forward', async () => {
		// 21:30 in London in June is 20:30 UTC; the morning is 07:00 UTC.
		enqueuePlanChanged(db, 'p1', 'v2', new Date('2026-06-10T20:30:00Z'));
		const { sent, send } = recorder();
		await runReminders(db, send, new Date('2026-06-10T20:30:00Z'));
		expect(sent).toHaveLength(0);
		expect(db.select().from(table.notification).get()!.dueAt).toEqual(
			new Date('2026-06-11T07:00:00Z')
		);
		await runReminders(db, send, new Date('2026-06-11T07:00:00Z'));
		expect(sent).toHaveLength(1);
	});

	it('still sends a reminder for a session later the same day', async () => {
		seedBooking(db, new Date('2026-03-10T09:30:00Z'), at(48));
		const { sent, send } = recorder();
		await runReminders(db, send, new Date('2026-03-10T07:30:00Z'));
		expect(sent.map((s) => s.payload.body)).toEqual(['You have an appointment today at 9:30am.']);
	});

	it('words a reminder held overnight for the morning it goes', async () => {
		seedBooking(db, new Date('2026-03-10T22:00:00Z'), at(48));
		const { sent, send } = recorder();
		await runReminders(db, send, new Date('2026-03-09T22:00:00Z'));
		expect(sent).toHaveLength(0);
		await runReminders(db, send, new Date('2026-03-10T08:00:00Z'));
		expect(sent.map((s) => s.payload.body)).toEqual(['You have an appointment today at 10:00pm.']);
	});

	it('does not send a held reminder for a session moved in the night', async () => {
		const { slotId } = seedBooking(db, new Date('2026-03-10T22:00:00Z'), at(48));
		const { sent, send } = recorder();
		await runReminders(db, send, new Date('2026-03-09T22:00:00Z'));
		const later = new Date('2026-03-11T12:00:00Z');
		db.update(table.slot)
			.set({ startsAt: later, endsAt: new Date(later.getTime() + hour) })
			.where(eq(table.slot.id, slotId))
			.run();
		await runReminders(db, send, new Date('2026-03-10T08:00:00Z'));
		expect(sent).toHaveLength(0);
		expect(db.select().from(table.notification).get()!.status).toBe('cancelled');
	});
});

describe('across restarts', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'checkpoint-reminders-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('sends each reminder exactly once when the server restarts in between', async () => {
		const path = join(dir, 'app.db');
		let file = openDatabase(path);
		seedPeople(file);
		subscribe(file);
		seedBooking(file, startsAt, at(48));
		const { sent, send } = recorder();
		await runReminders(file, send, at(24));
		file.$client.close();

		file = openDatabase(path);
		await runReminders(file, send, at(23));
		await runReminders(file, send, at(22));
		file.$client.close();

		file = openDatabase(path);
		await runReminders(file, send, at(2));
		await runReminders(file, send, at(1.9));
		file.$client.close();
		expect(sent.map((s) => s.payload.title)).toEqual([
			'Appointment reminder',
			'Appointment reminder'
		]);
	});
});

describe('other events', () => {
	it('tells booked participants once when a slot is cancelled, without its title', async () => {
		const { slotId } = seedBooking(db, startsAt, at(48));
		db.update(table.slot).set({ status: 'cancelled' }).where(eq(table.slot.id, slotId)).run();
		expect(enqueueSlotCancelled(db, slotId, at(26))).toBe(1);
		expect(enqueueSlotCancelled(db, slotId, at(25))).toBe(0);
		const { sent, send } = recorder();
		await runReminders(db, send, at(25));
		await runReminders(db, send, at(24.5));
		expect(sent.map((s) => s.payload.body)).toEqual([
			'Your appointment tomorrow at 10:00am is cancelled. Open the app to book another time.'
		]);
	});

	it('tells the participant once per plan change', async () => {
		expect(enqueuePlanChanged(db, 'p1', 'v2', at(1))).toBe(true);
		expect(enqueuePlanChanged(db, 'p1', 'v2', at(1))).toBe(false);
		const { sent, send } = recorder();
		await runReminders(db, send, at(1));
		expect(sent.map((s) => s.payload.url)).toEqual(['/plan']);
	});

	it('removes a subscription the push service reports gone', async () => {
		subscribe(db, 'p1', 'https://push.example/second');
		enqueuePlanChanged(db, 'p1', 'v3', at(1));
		const { send } = recorder('gone');
		const report = await runReminders(db, send, at(1));
		expect(report).toMatchObject({ sent: 1, gone: 2 });
		expect(db.select().from(table.pushSubscription).all()).toEqual([]);
	});

	it('refuses wording that would give someone away on a lock screen', () => {
		expect(isDiscreet('You have an appointment tomorrow at 10:00am.')).toBe(true);
		for (const word of [
			'Police',
			'offender',
			'drugs',
			'Drug',
			'court',
			'Checkpoint',
			'diversion'
		]) {
			expect(isDiscreet(`Your ${word} appointment`), word).toBe(false);
		}
	});
});
