import { and, asc, desc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import { addDays, londonDate, londonTime, londonToInstant } from '../../dates';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { log } from '../log';
import type { NotifyConfig, NotifyMessageKind } from './notify-config';
import type { NotifyOutcome, NotifySender } from './notify';
import { callReminderStands, isDiscreet, sessionReminderText, standingSessionStart } from './queue';

type Notification = typeof table.notification.$inferSelect;
type Delivery = typeof table.notificationDelivery.$inferSelect;

export const safeguardingAlertKind = 'safeguarding_alert';

export function messageKindOf(notificationKind: string): Exclude<NotifyMessageKind, 'code'> {
	if (notificationKind === 'session_24h' || notificationKind === 'session_2h') return 'reminder';
	if (notificationKind === safeguardingAlertKind) return 'alert';
	return 'update';
}

/**
 * Adds a text and an email delivery for a notification just claimed, one per confirmed channel
 * that is on. Staff get email for urgent alerts only; participants never get alerts; a
 * deactivated account gets nothing.
 */
export function queueDeliveries(db: Db, n: Notification, now: Date) {
	const person = db
		.select({ role: table.user.role, active: table.user.active })
		.from(table.user)
		.where(eq(table.user.id, n.userId))
		.get();
	if (!person?.active) return 0;
	const isAlert = messageKindOf(n.kind) === 'alert';
	if (isAlert === (person.role === 'participant')) return 0;
	const points = db
		.select()
		.from(table.contactPoint)
		.where(
			and(
				eq(table.contactPoint.userId, n.userId),
				isNotNull(table.contactPoint.confirmedAt),
				isNull(table.contactPoint.failedAt),
				eq(table.contactPoint.enabled, true),
				isAlert ? eq(table.contactPoint.channel, 'email') : undefined
			)
		)
		.all();
	let queued = 0;
	for (const point of points) {
		const added = db
			.insert(table.notificationDelivery)
			.values({
				notificationId: n.id,
				userId: n.userId,
				channel: point.channel,
				address: point.address,
				nextAttemptAt: now,
				updatedAt: now
			})
			.onConflictDoNothing()
			.run();
		queued += added.changes;
	}
	return queued;
}

function inQuietHours(now: Date) {
	const time = londonTime(now);
	return time < '08:00' || time >= '21:00';
}

/** 08:00 in London at the end of the quiet hours `now` falls in. */
function quietHoursEnd(now: Date) {
	const today = londonDate(now);
	return londonToInstant(londonTime(now) < '08:00' ? today : addDays(today, 1), '08:00');
}

/** Only a reminder for a session later the same day, and an urgent alert, may wake someone. */
function mayGoOutInQuietHours(db: Db, n: Notification, now: Date) {
	if (n.kind === safeguardingAlertKind) return true;
	if (messageKindOf(n.kind) !== 'reminder' || !n.bookingId) return false;
	const session = db
		.select({ startsAt: table.slot.startsAt })
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(eq(table.booking.id, n.bookingId))
		.get();
	return !!session && londonDate(session.startsAt) === londonDate(now);
}

/**
 * Until when a notification due now must wait, or null if it may go now: nothing goes out between
 * 21:00 and 08:00 London time but a same-day reminder and an urgent alert. Push, texts and emails
 * all follow this one rule.
 */
export function heldUntil(db: Db, n: Notification, now: Date): Date | null {
	return inQuietHours(now) && !mayGoOutInQuietHours(db, n, now) ? quietHoursEnd(now) : null;
}

/**
 * The words to send now: a reminder held overnight is worded again ("tomorrow" has become
 * "today"), and is not sent at all once its booking or session is cancelled or past, nor a call
 * reminder once the call's time has come.
 */
export function wordingNow(db: Db, n: Notification, now: Date) {
	if (!callReminderStands(n, now)) return null;
	if (messageKindOf(n.kind) !== 'reminder' || !n.bookingId) return { title: n.title, body: n.body };
	const startsAt = standingSessionStart(db, n.bookingId);
	if (!startsAt || startsAt <= now) return null;
	return sessionReminderText(startsAt, now);
}

const minute = 60_000;
/** How long a claimed request may take before another run asks Notify what became of it. */
const sendingLease = 2 * minute;
export const maxAttempts = 8;
const parallelRequests = 10;

/** 1, 2, 4 … minutes, at most an hour, after attempt `attempts`. */
export function retryDelay(attempts: number) {
	return Math.min(60 * minute, minute * 2 ** Math.max(0, attempts - 1));
}

export const deliveryReference = (id: number) => `delivery-${id}`;
const deliveryIdOf = (reference: string) => Number(/^delivery-(\d+)$/.exec(reference)?.[1] ?? NaN);

export type DeliveryReport = {
	sent: number;
	deferred: number;
	retrying: number;
	failed: number;
	recovered: number;
};

function update(
	db: Db,
	id: number,
	values: Partial<Delivery>,
	now: Date,
	expected: Delivery['status']
) {
	return (
		db
			.update(table.notificationDelivery)
			.set({ ...values, updatedAt: now })
			.where(
				and(eq(table.notificationDelivery.id, id), eq(table.notificationDelivery.status, expected))
			)
			.run().changes === 1
	);
}

/** What is queued for a channel that was stopped, turned off, changed or deleted is not sent. */
export function cancelQueuedDeliveries(
	db: Db,
	userId: string,
	channel: table.ContactChannel,
	now: Date
) {
	db.update(table.notificationDelivery)
		.set({ status: 'cancelled', updatedAt: now })
		.where(
			and(
				eq(table.notificationDelivery.userId, userId),
				eq(table.notificationDelivery.channel, channel),
				eq(table.notificationDelivery.status, 'queued')
			)
		)
		.run();
}

/** What a removed channel keeps in place of its address (see `removeChannel`). */
export const forgottenAddress = '';

/** Stops a channel whose number or address Notify says can never work, and what is queued for it. */
export function stopChannel(
	db: Db,
	userId: string,
	channel: table.ContactChannel,
	address: string,
	failure: string,
	now: Date
) {
	db.transaction(
		(tx) => {
			const stopped = tx
				.update(table.contactPoint)
				.set({ failedAt: now, failure })
				.where(
					and(
						eq(table.contactPoint.userId, userId),
						eq(table.contactPoint.channel, channel),
						eq(table.contactPoint.address, address),
						isNull(table.contactPoint.failedAt)
					)
				)
				.run();
			// A late receipt about an old number must not stop what is queued for the new one.
			if (stopped.changes === 1) cancelQueuedDeliveries(tx, userId, channel, now);
		},
		{ behavior: 'immediate' }
	);
}

const failureWords = {
	sms: 'The phone number does not work',
	email: 'The email address does not work'
} as const;

/**
 * Resolves requests that never got an answer (a crash, a dropped connection) by asking Notify for
 * the reference: found means it went, not found means it may be sent again.
 */
async function recoverUnanswered(db: Db, notify: NotifySender, now: Date, report: DeliveryReport) {
	const unanswered = db
		.select()
		.from(table.notificationDelivery)
		.where(
			and(
				eq(table.notificationDelivery.status, 'sending'),
				lte(table.notificationDelivery.nextAttemptAt, now)
			)
		)
		.limit(50)
		.all();
	for (const d of unanswered) {
		const notifyId = await notify.findByReference(deliveryReference(d.id));
		if (notifyId === undefined) {
			update(
				db,
				d.id,
				{ nextAttemptAt: new Date(now.getTime() + retryDelay(d.attempts)) },
				now,
				'sending'
			);
		} else if (notifyId) {
			if (update(db, d.id, { status: 'sent', notifyId }, now, 'sending')) report.recovered++;
		} else if (d.attempts >= maxAttempts) {
			update(
				db,
				d.id,
				{ status: 'failed', failure: 'Gave up after repeated errors' },
				now,
				'sending'
			);
		} else {
			update(db, d.id, { status: 'queued', nextAttemptAt: now }, now, 'sending');
		}
	}
}

/**
 * Sends every text and email that is due, each claimed (queued → sending) before its request so
 * that it goes out once. 429 and 5xx are tried again later with growing gaps; a request with no
 * answer is left "sending" and resolved by reference before any new attempt.
 */
export async function sendDueDeliveries(
	db: Db,
	notify: NotifySender,
	config: Pick<NotifyConfig, 'appOrigin' | 'templates'>,
	now = new Date()
) {
	const report: DeliveryReport = { sent: 0, deferred: 0, retrying: 0, failed: 0, recovered: 0 };
	await recoverUnanswered(db, notify, now, report);
	const due = db
		.select({ delivery: table.notificationDelivery, notification: table.notification })
		.from(table.notificationDelivery)
		.innerJoin(
			table.notification,
			eq(table.notification.id, table.notificationDelivery.notificationId)
		)
		.where(
			and(
				eq(table.notificationDelivery.status, 'queued'),
				lte(table.notificationDelivery.nextAttemptAt, now)
			)
		)
		.orderBy(asc(table.notificationDelivery.nextAttemptAt))
		.limit(100)
		.all();
	const claimed: { d: Delivery; templateId: string; personalisation: Record<string, string> }[] =
		[];
	for (const { delivery: d, notification: n } of due) {
		const held = heldUntil(db, n, now);
		if (held) {
			if (update(db, d.id, { nextAttemptAt: held }, now, 'queued')) report.deferred++;
			continue;
		}
		const wording = wordingNow(db, n, now);
		const kind = messageKindOf(n.kind);
		const templateId =
			d.channel === 'email'
				? config.templates.email[kind]
				: kind === 'alert'
					? null
					: config.templates.sms[kind];
		if (!wording || !templateId) {
			update(db, d.id, { status: 'cancelled' }, now, 'queued');
			continue;
		}
		if (!isDiscreet(wording.title) || !isDiscreet(wording.body)) {
			log.error({ deliveryId: d.id, kind: n.kind }, 'Delivery is not discreet enough to send');
			update(
				db,
				d.id,
				{ status: 'cancelled', failure: 'Not discreet enough to send' },
				now,
				'queued'
			);
			continue;
		}
		const claim = {
			status: 'sending' as const,
			attempts: d.attempts + 1,
			claimedAt: now,
			nextAttemptAt: new Date(now.getTime() + sendingLease)
		};
		if (!update(db, d.id, claim, now, 'queued')) continue;
		claimed.push({
			d: { ...d, ...claim },
			templateId,
			personalisation: {
				subject: wording.title,
				message: wording.body,
				link: config.appOrigin + n.url
			}
		});
	}
	// Every row is claimed before any request, so requests may run side by side: one slow answer
	// does not hold up the rest.
	for (let i = 0; i < claimed.length; i += parallelRequests) {
		await Promise.all(
			claimed.slice(i, i + parallelRequests).map(async ({ d, templateId, personalisation }) => {
				const outcome = await notify.send({
					channel: d.channel,
					templateId,
					to: d.address,
					personalisation,
					reference: deliveryReference(d.id)
				});
				recordOutcome(db, d, outcome, now, report);
			})
		);
	}
	return report;
}

function recordOutcome(
	db: Db,
	d: Delivery,
	outcome: NotifyOutcome,
	now: Date,
	report: DeliveryReport
) {
	const later = new Date(now.getTime() + retryDelay(d.attempts));
	switch (outcome.result) {
		case 'accepted':
			update(db, d.id, { status: 'sent', notifyId: outcome.notifyId }, now, 'sending');
			report.sent++;
			return;
		case 'invalid-address':
			update(db, d.id, { status: 'failed', failure: failureWords[d.channel] }, now, 'sending');
			stopChannel(db, d.userId, d.channel, d.address, failureWords[d.channel], now);
			report.failed++;
			return;
		case 'unknown':
			// Left "sending": the next run after `later` asks Notify before trying again.
			update(db, d.id, { nextAttemptAt: later }, now, 'sending');
			report.retrying++;
			return;
		case 'refused':
		case 'try-later':
			// A refusal is a wrong key or template, which staff can fix; the message can still go.
			if (outcome.result === 'refused') {
				log.error({ deliveryId: d.id, reason: outcome.reason }, 'Notify refused a delivery');
			}
			if (d.attempts >= maxAttempts) {
				const failure =
					outcome.result === 'refused' ? 'Notify refused it' : 'Gave up after repeated errors';
				update(db, d.id, { status: 'failed', failure }, now, 'sending');
				report.failed++;
			} else {
				update(db, d.id, { status: 'queued', nextAttemptAt: later }, now, 'sending');
				report.retrying++;
			}
	}
}

export type Receipt = { id?: unknown; reference?: unknown; status?: unknown };

/** Notify's delivery receipt: records delivered or failed; a permanent failure stops the channel. */
export function recordReceipt(db: Db, receipt: Receipt, now = new Date()) {
	if (typeof receipt.reference !== 'string' || typeof receipt.status !== 'string') return false;
	const id = deliveryIdOf(receipt.reference);
	if (!Number.isSafeInteger(id)) return false;
	const d = db
		.select()
		.from(table.notificationDelivery)
		.where(eq(table.notificationDelivery.id, id))
		.get();
	if (!d || (d.notifyId && receipt.id !== d.notifyId)) return false;
	const notifyId = typeof receipt.id === 'string' ? receipt.id : d.notifyId;
	if (receipt.status === 'delivered') {
		db.update(table.notificationDelivery)
			.set({ status: 'delivered', notifyId, failure: null, updatedAt: now })
			.where(eq(table.notificationDelivery.id, id))
			.run();
		return true;
	}
	const failures: Record<string, string> = {
		'permanent-failure': failureWords[d.channel],
		'temporary-failure': 'The phone was off or the inbox was full',
		'technical-failure': 'Notify could not send it'
	};
	const failure = failures[receipt.status];
	if (!failure) return false;
	db.update(table.notificationDelivery)
		.set({ status: 'failed', notifyId, failure, updatedAt: now })
		.where(eq(table.notificationDelivery.id, id))
		.run();
	if (receipt.status === 'permanent-failure') {
		stopChannel(db, d.userId, d.channel, d.address, failure, now);
	}
	return true;
}

export type ChannelState = {
	channel: table.ContactChannel;
	address: string;
	confirmed: boolean;
	/** A code was sent and not yet entered. */
	awaitingCode: boolean;
	enabled: boolean;
	failure: string | null;
	last: { status: table.DeliveryStatus; at: Date; failure: string | null } | null;
};

/** Each channel someone has given, and what became of the last message sent through it. */
export function channelStates(db: Db, userId: string): ChannelState[] {
	const points = db
		.select()
		.from(table.contactPoint)
		.where(eq(table.contactPoint.userId, userId))
		.orderBy(desc(table.contactPoint.channel))
		.all();
	const lastOf = (channel: table.ContactChannel) =>
		db
			.select({
				status: table.notificationDelivery.status,
				at: table.notificationDelivery.updatedAt,
				failure: table.notificationDelivery.failure
			})
			.from(table.notificationDelivery)
			.where(
				and(
					eq(table.notificationDelivery.userId, userId),
					eq(table.notificationDelivery.channel, channel),
					inArray(table.notificationDelivery.status, ['sent', 'delivered', 'failed'])
				)
			)
			.orderBy(desc(table.notificationDelivery.id))
			.get() ?? null;
	return points
		.filter((p) => p.address !== forgottenAddress)
		.map((p) => ({
			channel: p.channel,
			address: p.address,
			confirmed: !!p.confirmedAt,
			awaitingCode: !p.confirmedAt && !!p.codeHash,
			enabled: p.enabled,
			failure: p.failure,
			last: p.confirmedAt ? lastOf(p.channel) : null
		}));
}

/** For the navigator: every way this participant is reminded, and how the last message went. */
export function reminderSummary(db: Db, userId: string) {
	const pushDevices = db
		.select({ id: table.pushSubscription.id })
		.from(table.pushSubscription)
		.where(eq(table.pushSubscription.userId, userId))
		.all().length;
	return { pushDevices, channels: channelStates(db, userId) };
}
