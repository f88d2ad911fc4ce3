import { and, asc, count, desc, eq, gt, isNull, max, ne, sql } from 'drizzle-orm';
import { defaultWorkingHours, messageMaxLength } from '../../support';
import type { Db } from '../db/open';
import { preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { checkLength, fieldError } from '../input';
import { enqueueNewMessage } from '../notifications/queue';
import { alertSafetyConcern } from './safety-alerts';

export type ThreadSide = 'participant' | 'navigator';

export type NewMessage = {
	participantId: string;
	senderId: string;
	senderRole: ThreadSide;
	body: string;
	clientKey?: string | null;
	/** "I do not feel safe", which only a participant can say about their own message. */
	concernsSafety?: boolean;
};

const clientKeyPattern = /^[A-Za-z0-9-]{8,64}$/;

function currentNavigatorId(db: Db, participantId: string) {
	return db
		.select({ navigatorId: table.participant.navigatorId })
		.from(table.participant)
		.where(eq(table.participant.userId, participantId))
		.get()?.navigatorId;
}

/**
 * Adds a message to a participant's thread. Only the participant and their current navigator
 * may write in it. The other side gets a discreet push; a participant's "I do not feel safe"
 * also alerts someone at once (`alertSafetyConcern`). A repeated submit with the same client key
 * stores nothing new.
 */
export function sendMessage(db: Db, input: NewMessage, now = new Date()) {
	const body = input.body.replace(/\r\n/g, '\n').trim();
	checkLength('body', body, 'a message', messageMaxLength);
	const clientKey =
		input.clientKey && clientKeyPattern.test(input.clientKey) ? input.clientKey : null;
	const concernsSafety = input.senderRole === 'participant' && input.concernsSafety === true;
	return db.transaction(
		(tx) => {
			const navigatorId = currentNavigatorId(tx, input.participantId);
			if (!navigatorId) fieldError('body', 'This conversation is not available.');
			const allowed =
				input.senderRole === 'participant'
					? input.senderId === input.participantId
					: input.senderId === navigatorId;
			if (!allowed) fieldError('body', 'You can only send messages in your own conversations.');
			const inserted = tx
				.insert(table.message)
				.values({
					participantId: input.participantId,
					senderId: input.senderId,
					senderRole: input.senderRole,
					body,
					clientKey,
					concernsSafety,
					createdAt: now
				})
				.onConflictDoNothing()
				.returning({ id: table.message.id })
				.get();
			if (!inserted) return { id: null, duplicate: true };
			const [recipient, url] =
				input.senderRole === 'participant'
					? [navigatorId, `/navigator/messages/${input.participantId}`]
					: [input.participantId, '/support'];
			enqueueNewMessage(tx, inserted.id, recipient, url, now);
			if (concernsSafety)
				alertSafetyConcern(tx, input.participantId, { source: 'message', id: inserted.id }, now);
			return { id: inserted.id, duplicate: false };
		},
		{ behavior: 'immediate' }
	);
}

export type ThreadMessage = {
	id: number;
	senderRole: ThreadSide;
	senderName: string;
	body: string;
	createdAt: Date;
	readAt: Date | null;
	concernsSafety: boolean;
};

/** The thread in order; with `afterId`, only what came after (for polling). Latest 300 at most. */
export function listThread(db: Db, participantId: string, afterId = 0): ThreadMessage[] {
	const rows = db
		.select({
			id: table.message.id,
			senderRole: table.message.senderRole,
			senderName: table.user.displayName,
			body: table.message.body,
			createdAt: table.message.createdAt,
			readAt: table.message.readAt,
			concernsSafety: table.message.concernsSafety
		})
		.from(table.message)
		.innerJoin(table.user, eq(table.user.id, table.message.senderId))
		.where(and(eq(table.message.participantId, participantId), gt(table.message.id, afterId)))
		.orderBy(desc(table.message.id))
		.limit(300)
		.all();
	return rows.reverse();
}

/** Marks what the other side wrote as read by `reader`; returns how many were new. */
export function markThreadRead(
	db: Db,
	participantId: string,
	reader: ThreadSide,
	now = new Date()
) {
	return db
		.update(table.message)
		.set({ readAt: now })
		.where(
			and(
				eq(table.message.participantId, participantId),
				ne(table.message.senderRole, reader),
				isNull(table.message.readAt)
			)
		)
		.run().changes;
}

const unreadMessages = preparedQuery((db) =>
	db
		.select({ n: count() })
		.from(table.message)
		.where(
			and(
				eq(table.message.participantId, sql.placeholder('participantId')),
				ne(table.message.senderRole, sql.placeholder('reader')),
				isNull(table.message.readAt)
			)
		)
		.prepare()
);

export function unreadCount(db: Db, participantId: string, reader: ThreadSide) {
	return unreadMessages(db).get({ participantId, reader })?.n ?? 0;
}

/** The navigator's inbox: one row per participant on their caseload, unread first. No content. */
export function navigatorInbox(db: Db, navigatorId: string) {
	const caseload = db
		.select({
			id: table.user.id,
			displayName: table.user.displayName,
			status: table.participant.status
		})
		.from(table.participant)
		.innerJoin(table.user, eq(table.user.id, table.participant.userId))
		.where(eq(table.participant.navigatorId, navigatorId))
		.orderBy(asc(table.user.displayName))
		.all();
	const rows = caseload.map((p) => {
		const last = db
			.select({ at: max(table.message.createdAt) })
			.from(table.message)
			.where(eq(table.message.participantId, p.id))
			.get()?.at;
		return {
			...p,
			unread: unreadCount(db, p.id, 'navigator'),
			lastMessageAt: last ? new Date(last) : null
		};
	});
	return rows.sort(
		(a, b) =>
			Number(b.unread > 0) - Number(a.unread > 0) ||
			(b.lastMessageAt?.getTime() ?? 0) - (a.lastMessageAt?.getTime() ?? 0) ||
			a.displayName.localeCompare(b.displayName)
	);
}

export function getWorkingHours(db: Db, navigatorId: string) {
	return (
		db
			.select({ hours: table.navigatorHours.hours })
			.from(table.navigatorHours)
			.where(eq(table.navigatorHours.navigatorId, navigatorId))
			.get()?.hours ?? defaultWorkingHours
	);
}

export function setWorkingHours(db: Db, navigatorId: string, hours: string) {
	const text = hours.trim();
	checkLength('hours', text, 'your working hours', 200);
	db.insert(table.navigatorHours)
		.values({ navigatorId, hours: text })
		.onConflictDoUpdate({ target: table.navigatorHours.navigatorId, set: { hours: text } })
		.run();
}

/** The participant's current navigator's name and hours, for the composer. */
export function participantNavigator(db: Db, participantId: string) {
	const navigatorId = currentNavigatorId(db, participantId);
	if (!navigatorId) return null;
	const navigator = db
		.select({ displayName: table.user.displayName })
		.from(table.user)
		.where(eq(table.user.id, navigatorId))
		.get();
	return { displayName: navigator?.displayName ?? '', hours: getWorkingHours(db, navigatorId) };
}
