import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AttentionReason } from '../../attention';
import { caseloadAttention, participantAttention } from '../attention';
import { safetyKey } from '../attention/rules';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { log } from '../log';
import { enqueueSafeguardingAlert } from '../notifications/queue';

const navigatorUser = alias(table.user, 'navigator_user');

/** A participant's navigator, and whether they can sign in and so see what the participant writes. */
export function navigatorOf(db: Db, participantId: string) {
	return db
		.select({ id: navigatorUser.id, active: navigatorUser.active })
		.from(table.participant)
		.innerJoin(navigatorUser, eq(navigatorUser.id, table.participant.navigatorId))
		.where(eq(table.participant.userId, participantId))
		.get();
}

/**
 * Tells someone at once that a participant raised a safety concern: their navigator, or, while
 * that navigator's account is switched off, every active coordinator, who can move the
 * participant to a navigator who will see it. Call it in the transaction that stores the concern.
 */
export function alertSafetyConcern(
	db: Db,
	participantId: string,
	concern: { source: 'wellbeing' | 'message'; id: string | number },
	now = new Date()
) {
	const itemId = safetyKey(concern.source, concern.id);
	const navigator = navigatorOf(db, participantId);
	if (navigator?.active) {
		enqueueSafeguardingAlert(db, navigator.id, itemId, '/navigator', now);
		return;
	}
	const coordinators = db
		.select({ id: table.user.id })
		.from(table.user)
		.where(and(eq(table.user.role, 'coordinator'), eq(table.user.active, true)))
		.all();
	if (coordinators.length === 0)
		log.error({ participantId, itemId }, 'A safety concern reached nobody: no active coordinator');
	for (const coordinator of coordinators)
		enqueueSafeguardingAlert(db, coordinator.id, itemId, '/coordinator', now);
}

/** Alerts a navigator to each safety concern among `reasons`; returns how many alerts were new. */
function alertTo(db: Db, navigatorId: string, reasons: AttentionReason[], now: Date) {
	let queued = 0;
	for (const reason of reasons)
		if (
			reason.kind === 'safety' &&
			enqueueSafeguardingAlert(db, navigatorId, reason.key, '/navigator', now)
		)
			queued++;
	return queued;
}

/**
 * A participant's new navigator hears at once of every safety concern still open: it may have
 * been raised while nobody who could act on it was looking. Returns how many alerts were queued.
 */
export function handOverSafetyConcerns(
	db: Db,
	participantId: string,
	navigatorId: string,
	now = new Date()
) {
	return alertTo(db, navigatorId, participantAttention(db, participantId, now), now);
}

/** As handOverSafetyConcerns, for a navigator switched back on: their whole caseload at once. */
export function handBackSafetyConcerns(db: Db, navigatorId: string, now = new Date()) {
	let queued = 0;
	for (const reasons of caseloadAttention(db, navigatorId, now).values())
		queued += alertTo(db, navigatorId, reasons, now);
	return queued;
}
