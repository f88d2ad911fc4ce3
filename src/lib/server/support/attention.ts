import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { strugglingAtOrBelow } from '../../support';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { openCallbackOf } from './callbacks';
import { checkInTrend } from './check-ins';
import { unreadCount } from './messages';

/** A struggling check-in stays at the top of the list for this long, or until a better one. */
export const strugglingForDays = 14;

export type SupportFlags = {
	participantId: string;
	displayName: string;
	unread: number;
	openCallbacks: number;
	struggling: boolean;
	latestScore: number | null;
	latestCheckInAt: Date | null;
	/** The newest of: unread message, open call request, struggling check-in. */
	since: Date | null;
	needsAttention: boolean;
};

/**
 * Per participant on the navigator's (active) caseload: unread messages, open call requests,
 * and whether their latest weekly check-in said they are struggling. Sorted by what needs
 * attention: struggling first, then call requests, then unread, newest first within each.
 */
export function supportAttention(db: Db, navigatorId: string, now = new Date()): SupportFlags[] {
	const caseload = db
		.select({ id: table.user.id, displayName: table.user.displayName })
		.from(table.participant)
		.innerJoin(table.user, eq(table.user.id, table.participant.userId))
		.where(
			and(eq(table.participant.navigatorId, navigatorId), eq(table.participant.status, 'active'))
		)
		.orderBy(asc(table.user.displayName))
		.all();
	const cutoff = now.getTime() - strugglingForDays * 86_400_000;
	const flags = caseload.map((p): SupportFlags => {
		const latest = db
			.select({ score: table.wellbeingCheckIn.score, createdAt: table.wellbeingCheckIn.createdAt })
			.from(table.wellbeingCheckIn)
			.where(eq(table.wellbeingCheckIn.participantId, p.id))
			.orderBy(desc(table.wellbeingCheckIn.createdAt))
			.get();
		const callbacks = db
			.select({ createdAt: table.callbackRequest.createdAt })
			.from(table.callbackRequest)
			.where(openCallbackOf(p.id))
			.all();
		const newestUnread = db
			.select({ createdAt: table.message.createdAt })
			.from(table.message)
			.where(
				and(
					eq(table.message.participantId, p.id),
					eq(table.message.senderRole, 'participant'),
					isNull(table.message.readAt)
				)
			)
			.orderBy(desc(table.message.id))
			.get();
		const struggling =
			!!latest && latest.score <= strugglingAtOrBelow && latest.createdAt.getTime() >= cutoff;
		const unread = unreadCount(db, p.id, 'navigator');
		const times = [
			struggling ? latest!.createdAt.getTime() : 0,
			...callbacks.map((c) => c.createdAt.getTime()),
			newestUnread?.createdAt.getTime() ?? 0
		];
		const since = Math.max(...times);
		return {
			participantId: p.id,
			displayName: p.displayName,
			unread,
			openCallbacks: callbacks.length,
			struggling,
			latestScore: latest?.score ?? null,
			latestCheckInAt: latest?.createdAt ?? null,
			since: since > 0 ? new Date(since) : null,
			needsAttention: struggling || callbacks.length > 0 || unread > 0
		};
	});
	const rank = (f: SupportFlags) =>
		f.struggling ? 0 : f.openCallbacks > 0 ? 1 : f.unread > 0 ? 2 : 3;
	return flags.sort(
		(a, b) =>
			rank(a) - rank(b) ||
			(b.since?.getTime() ?? 0) - (a.since?.getTime() ?? 0) ||
			a.displayName.localeCompare(b.displayName)
	);
}

/** What the navigator's participant page shows about support: counts and the check-in trend. */
export function participantSupport(db: Db, participantId: string) {
	return {
		unread: unreadCount(db, participantId, 'navigator'),
		openCallbacks: db
			.select({ id: table.callbackRequest.id })
			.from(table.callbackRequest)
			.where(openCallbackOf(participantId))
			.all().length,
		trend: checkInTrend(db, participantId)
	};
}
