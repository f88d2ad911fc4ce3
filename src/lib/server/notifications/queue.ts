import { and, eq, inArray } from 'drizzle-orm';
import { formatDateTime, formatTime, londonDate, addDays } from '../../dates';
import { callTimeInWords } from '../../support';
import type { Db } from '../db/open';
import * as table from '../db/schema';

export type NotificationKind =
	| 'session_24h'
	| 'session_2h'
	| 'new_message'
	| 'slot_cancelled'
	| 'booking_made'
	| 'booking_moved'
	| 'booking_cancelled'
	| 'plan_changed'
	| 'callback_time'
	| 'callback_reminder'
	| 'safeguarding_alert';

export type QueuedNotification = {
	key: string;
	userId: string;
	kind: NotificationKind;
	title: string;
	body: string;
	url: string;
	bookingId?: string | null;
	dueAt?: Date;
};

/**
 * Words that must never reach a lock screen, where anyone near the phone can read them. Session
 * titles never do either: texts are built here from times only.
 */
const indiscreetWords = [
	'police',
	'constabulary',
	'custody',
	'offend',
	'drug',
	'crime',
	'criminal',
	'court',
	'prosecut',
	'arrest',
	'probation',
	'checkpoint',
	'diversion'
];
const indiscreet = new RegExp(`\\b(${indiscreetWords.join('|')})\\w*\\b`, 'i');
/** In an address the words run together ("policecheckpoint.example"), so any part counts. */
const indiscreetInAddress = new RegExp(indiscreetWords.join('|'), 'i');

export function isDiscreet(text: string) {
	return !indiscreet.test(text);
}

/** For the app's own address, which every text and email links to. */
export function isDiscreetAddress(address: string) {
	return !indiscreetInAddress.test(address);
}

/** Queues a notification once: the same key again does nothing, whether sent or not. */
export function enqueueNotification(db: Db, item: QueuedNotification, now = new Date()) {
	if (!isDiscreet(item.title) || !isDiscreet(item.body))
		throw new Error(`Notification ${item.kind} is not discreet enough for a lock screen`);
	const result = db
		.insert(table.notification)
		.values({
			key: item.key,
			userId: item.userId,
			kind: item.kind,
			title: item.title,
			body: item.body,
			url: item.url,
			bookingId: item.bookingId ?? null,
			dueAt: item.dueAt ?? now,
			createdAt: now
		})
		.onConflictDoNothing({ target: table.notification.key })
		.run();
	return result.changes === 1;
}

/** "tomorrow at 10:00am", "today at 2:30pm", or "on Tuesday 3 March, 10:00am". */
export function whenInWords(startsAt: Date, now: Date) {
	const day = londonDate(startsAt);
	const today = londonDate(now);
	if (day === today) return `today at ${formatTime(startsAt)}`;
	if (day === addDays(today, 1)) return `tomorrow at ${formatTime(startsAt)}`;
	return `on ${formatDateTime(startsAt, now)}`;
}

/** When a booking's session starts, while the booking and the session both still stand. */
export function standingSessionStart(db: Db, bookingId: string): Date | null {
	const row = db
		.select({
			status: table.booking.status,
			slotStatus: table.slot.status,
			startsAt: table.slot.startsAt
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(eq(table.booking.id, bookingId))
		.get();
	return row && row.status === 'booked' && row.slotStatus === 'scheduled' ? row.startsAt : null;
}

export function sessionReminderText(startsAt: Date, now: Date) {
	return {
		title: 'Appointment reminder',
		body: `You have an appointment ${whenInWords(startsAt, now)}.`
	};
}

/** For the other side of a thread: their navigator, or the participant. */
export function enqueueNewMessage(
	db: Db,
	messageId: number,
	recipientId: string,
	url: string,
	now = new Date()
) {
	return enqueueNotification(
		db,
		{
			key: `message:${messageId}:${recipientId}`,
			userId: recipientId,
			kind: 'new_message',
			title: 'New message',
			body: 'You have a new message. Open the app to read it.',
			url
		},
		now
	);
}

/** Tells everyone booked on a cancelled slot; call it after the slot is marked cancelled. */
export function enqueueSlotCancelled(db: Db, slotId: string, now = new Date()) {
	const slot = db.select().from(table.slot).where(eq(table.slot.id, slotId)).get();
	if (!slot) return 0;
	const bookings = db
		.select({ participantId: table.booking.participantId })
		.from(table.booking)
		.where(
			and(
				eq(table.booking.slotId, slotId),
				inArray(table.booking.status, ['booked', 'cancelled_by_navigator'])
			)
		)
		.all();
	let queued = 0;
	for (const { participantId } of bookings) {
		const added = enqueueNotification(
			db,
			{
				key: `slot_cancelled:${slotId}:${participantId}`,
				userId: participantId,
				kind: 'slot_cancelled',
				title: 'Appointment cancelled',
				body: `Your appointment ${whenInWords(slot.startsAt, now)} is cancelled. Open the app to book another time.`,
				url: '/sessions'
			},
			now
		);
		if (added) queued++;
	}
	return queued;
}

const bookingChangeWords = {
	booking_made: (when: string) => ({
		title: 'New appointment',
		body: `You have a new appointment ${when}. Open the app for details.`
	}),
	booking_moved: (when: string) => ({
		title: 'Appointment changed',
		body: `Your appointment has changed. It is now ${when}. Open the app for details.`
	}),
	booking_cancelled: (when: string) => ({
		title: 'Appointment cancelled',
		body: `Your appointment ${when} is cancelled. Open the app to book another time.`
	})
};

/**
 * Tells a participant that staff booked, moved or cancelled a session of theirs. `changeId` tells
 * one change of the same booking from the next (a booking id, or the moment of the change).
 */
export function enqueueBookingChange(
	db: Db,
	change: {
		kind: keyof typeof bookingChangeWords;
		participantId: string;
		slotId: string;
		startsAt: Date;
		changeId: string | number;
	},
	now = new Date()
) {
	return enqueueNotification(
		db,
		{
			key: `${change.kind}:${change.slotId}:${change.participantId}:${change.changeId}`,
			userId: change.participantId,
			kind: change.kind,
			...bookingChangeWords[change.kind](whenInWords(change.startsAt, now)),
			url: '/sessions'
		},
		now
	);
}

/** `changeId` tells one change from the next (a plan version, or the audit row's id). */
export function enqueuePlanChanged(
	db: Db,
	participantId: string,
	changeId: string | number,
	now = new Date()
) {
	return enqueueNotification(
		db,
		{
			key: `plan_changed:${participantId}:${changeId}`,
			userId: participantId,
			kind: 'plan_changed',
			title: 'Your plan has changed',
			body: 'Something in your plan has been updated. Open the app to see it.',
			url: '/plan'
		},
		now
	);
}

/** How long before a call the participant is reminded of it, unless it was set closer than twice that. */
export const callReminderLeadMs = 30 * 60_000;
const callReminderKind = 'callback_reminder';

/**
 * A call reminder is worth sending only until the call: a backlog or a text's retries must not
 * send "Call soon" after it. The call's time is read from the key, as quiet hours may have moved
 * the reminder's due time.
 */
export function callReminderStands(n: { kind: string; key: string }, now: Date) {
	if (n.kind !== callReminderKind) return true;
	const [, , callAt] = n.key.split(':');
	return now.getTime() < Number(callAt);
}

/**
 * Tells a participant when their navigator will call, and reminds them shortly before, so they
 * have their phone with them. `changeId` tells one setting of the time from the next, so a time
 * changed back to an earlier one is told again.
 */
export function enqueueCallbackTime(
	db: Db,
	call: { participantId: string; callbackId: string; callAt: Date; changeId: string | number },
	now = new Date()
) {
	const occurrence = `${call.callbackId}:${call.callAt.getTime()}:${call.changeId}`;
	enqueueNotification(
		db,
		{
			key: `callback_time:${occurrence}`,
			userId: call.participantId,
			kind: 'callback_time',
			title: 'Call arranged',
			// A date, not "tomorrow": a notice held overnight must still be right in the morning.
			body: `We will call you at ${callTimeInWords(call.callAt, now)}. Open the app for details.`,
			url: '/support/callback'
		},
		now
	);
	if (call.callAt.getTime() - now.getTime() < 2 * callReminderLeadMs) return;
	enqueueNotification(
		db,
		{
			key: `${callReminderKind}:${occurrence}`,
			userId: call.participantId,
			kind: callReminderKind,
			title: 'Call soon',
			body: `We will call you today at ${formatTime(call.callAt)}. Keep your phone with you.`,
			url: '/support/callback',
			dueAt: new Date(call.callAt.getTime() - callReminderLeadMs)
		},
		now
	);
}

/** Takes back the notice and reminder of a call not yet sent, once its time changes or it is made. */
export function withdrawCallNotices(db: Db, participantId: string, now = new Date()) {
	withdrawNotifications(db, participantId, 'callback_time', now);
	withdrawNotifications(db, participantId, 'callback_reminder', now);
}

/**
 * Takes back what is still waiting to go of one kind of notification to someone, once it no
 * longer holds (a call time changed or the call made): the notice itself, and any text or email
 * of it waiting for a retry.
 */
function withdrawNotifications(db: Db, userId: string, kind: NotificationKind, now = new Date()) {
	const ofKind = and(eq(table.notification.userId, userId), eq(table.notification.kind, kind));
	db.update(table.notification)
		.set({ status: 'cancelled' })
		.where(and(ofKind, eq(table.notification.status, 'queued')))
		.run();
	db.update(table.notificationDelivery)
		.set({ status: 'cancelled', updatedAt: now })
		.where(
			and(
				eq(table.notificationDelivery.status, 'queued'),
				inArray(
					table.notificationDelivery.notificationId,
					db.select({ id: table.notification.id }).from(table.notification).where(ofKind)
				)
			)
		)
		.run();
}

/**
 * Tells a member of staff that an urgent safeguarding item waits for them: by push, and by email
 * if they confirmed one for urgent alerts. `itemId` identifies the item, so it is sent once.
 */
export function enqueueSafeguardingAlert(
	db: Db,
	staffUserId: string,
	itemId: string | number,
	url: string,
	now = new Date()
) {
	return enqueueNotification(
		db,
		{
			key: `safeguarding_alert:${itemId}:${staffUserId}`,
			userId: staffUserId,
			kind: 'safeguarding_alert',
			title: 'Urgent: please check the app',
			body: 'Something urgent is waiting for you. Sign in to see it.',
			url
		},
		now
	);
}
