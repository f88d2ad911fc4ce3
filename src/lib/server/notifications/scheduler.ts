import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../db/open';
import { log } from '../log';
import * as table from '../db/schema';
import { heldUntil, queueDeliveries, sendDueDeliveries, wordingNow } from './delivery';
import { createNotifySender, type NotifySender } from './notify';
import type { NotifyConfig } from './notify-config';
import { createPushSender, getVapidKeys, type PushSender, type VapidKeys } from './push';
import {
	callReminderStands,
	enqueueNotification,
	sessionReminderText,
	standingSessionStart
} from './queue';

const hour = 60 * 60 * 1000;

export const sessionReminders = [
	{ kind: 'session_24h', before: 24 * hour },
	{ kind: 'session_2h', before: 2 * hour }
] as const;

/** One reminder of each kind per booking and start time: a session moved gets new ones. */
const sessionReminderKey = (kind: string, bookingId: string, startsAt: Date) =>
	`${kind}:${bookingId}:${startsAt.getTime()}`;

/**
 * Queues the 24-hour and 2-hour reminders that have come due for booked sessions. Reads the
 * booking and slot tables directly, so any code that books or cancels needs to do nothing.
 * A booking made after a reminder's moment does not get that reminder.
 */
export function queueSessionReminders(db: Db, now = new Date()) {
	const upcoming = db
		.select({
			bookingId: table.booking.id,
			participantId: table.booking.participantId,
			bookedAt: table.booking.createdAt,
			startsAt: table.slot.startsAt
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(
			and(
				table.bookingIsActive,
				eq(table.slot.status, 'scheduled'),
				gt(table.slot.startsAt, now),
				lte(table.slot.startsAt, new Date(now.getTime() + sessionReminders[0].before))
			)
		)
		.all();
	let queued = 0;
	for (const b of upcoming) {
		const untilStart = b.startsAt.getTime() - now.getTime();
		const due = sessionReminders.findLast((r) => untilStart <= r.before)!;
		const dueAt = new Date(b.startsAt.getTime() - due.before);
		if (b.bookedAt > dueAt) continue;
		const added = enqueueNotification(
			db,
			{
				key: sessionReminderKey(due.kind, b.bookingId, b.startsAt),
				userId: b.participantId,
				kind: due.kind,
				...sessionReminderText(b.startsAt, now),
				url: '/sessions',
				bookingId: b.bookingId,
				dueAt
			},
			now
		);
		if (added) queued++;
	}
	return queued;
}

/**
 * A session reminder is still worth sending only if the booking and its time still stand. Judged
 * by its key, not its due time, which quiet hours may have moved.
 */
function sessionReminderStands(db: Db, n: typeof table.notification.$inferSelect, now: Date) {
	if (!sessionReminders.some((r) => r.kind === n.kind) || !n.bookingId) return true;
	const startsAt = standingSessionStart(db, n.bookingId);
	return (
		!!startsAt && startsAt > now && n.key === sessionReminderKey(n.kind, n.bookingId, startsAt)
	);
}

export type SendReport = {
	sent: number;
	cancelled: number;
	deferred: number;
	gone: number;
	failed: number;
};

/**
 * Sends every queued notification that is due. Each row is claimed (queued → sent) before any
 * push goes out, so a restart never sends it again; its texts and emails are queued in the same
 * transaction, for `sendDueDeliveries`. In quiet hours a row waits, queued, for the morning. The
 * pushes go out together: one push service that is slow to answer does not hold back anyone
 * else's reminder.
 */
export async function sendDueNotifications(db: Db, send: PushSender, now = new Date()) {
	const report: SendReport = { sent: 0, cancelled: 0, deferred: 0, gone: 0, failed: 0 };
	const due = db
		.select()
		.from(table.notification)
		.where(and(eq(table.notification.status, 'queued'), lte(table.notification.dueAt, now)))
		.orderBy(asc(table.notification.dueAt))
		.limit(200)
		.all();
	const sending: Promise<void>[] = [];
	for (const n of due) {
		const stands = sessionReminderStands(db, n, now) && callReminderStands(n, now);
		const held = stands && heldUntil(db, n, now);
		if (held) {
			const deferred = db
				.update(table.notification)
				.set({ dueAt: held })
				.where(and(eq(table.notification.id, n.id), eq(table.notification.status, 'queued')))
				.run();
			report.deferred += deferred.changes;
			continue;
		}
		const claimed = db.transaction(
			(tx) => {
				const claim = tx
					.update(table.notification)
					.set(stands ? { status: 'sent', sentAt: now } : { status: 'cancelled' })
					.where(and(eq(table.notification.id, n.id), eq(table.notification.status, 'queued')))
					.run();
				if (claim.changes === 1 && stands) queueDeliveries(tx, n, now);
				return claim.changes === 1;
			},
			{ behavior: 'immediate' }
		);
		if (!claimed) continue;
		if (!stands) {
			report.cancelled++;
			continue;
		}
		report.sent++;
		const targets = db
			.select()
			.from(table.pushSubscription)
			.where(eq(table.pushSubscription.userId, n.userId))
			.all();
		const { title, body } = wordingNow(db, n, now) ?? n;
		for (const target of targets) {
			const payload = { title, body, url: n.url, tag: n.kind };
			sending.push(
				send(target, payload).then((result) => {
					if (result === 'gone') {
						db.delete(table.pushSubscription).where(eq(table.pushSubscription.id, target.id)).run();
						report.gone++;
					} else if (result === 'failed') {
						report.failed++;
					}
				})
			);
		}
	}
	await Promise.all(sending);
	return report;
}

export type TextAndEmail = { sender: NotifySender; config: NotifyConfig };

export async function runReminders(
	db: Db,
	send: PushSender,
	now = new Date(),
	textAndEmail: TextAndEmail | null = null
) {
	queueSessionReminders(db, now);
	const report = await sendDueNotifications(db, send, now);
	if (textAndEmail) await sendDueDeliveries(db, textAndEmail.sender, textAndEmail.config, now);
	return report;
}

/** Set while the scheduler runs in this process. */
let runNow: (() => void) | null = null;

/**
 * Sends what is queued without waiting for the next round, for a push that must reach someone at
 * once. If a round is already running, the push goes out with the next one.
 */
export function sendQueuedNotificationsNow() {
	runNow?.();
}

/** Runs the reminders every `intervalMs` inside the server process. Returns a stop function. */
export function startReminderScheduler(
	db: Db,
	{
		subject,
		vapidKeys,
		notify,
		intervalMs = 30_000
	}: {
		subject: string;
		vapidKeys: VapidKeys | null;
		notify: NotifyConfig | null;
		intervalMs?: number;
	}
) {
	const send = createPushSender(getVapidKeys(db, vapidKeys), subject);
	const textAndEmail = notify ? { sender: createNotifySender(notify), config: notify } : null;
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await runReminders(db, send, new Date(), textAndEmail);
		} catch (e) {
			log.error({ err: e }, 'Reminder run failed');
		} finally {
			running = false;
		}
	};
	const timer = setInterval(tick, intervalMs);
	timer.unref();
	runNow = () => void tick();
	void tick();
	return () => {
		clearInterval(timer);
		runNow = null;
	};
}
