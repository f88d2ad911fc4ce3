import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { safetyActions } from '../../attention';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector } from '../input';
import { participantAttention } from './index';
import { oneWorkingDayAfter } from './working-days';

export type ResolveInput = { reasonKey: string; action: string; note: string };

/**
 * A navigator records what they did about one current reason: it leaves every list. A safety
 * concern also needs what was done. The key is checked against the participant's reasons now,
 * so a made-up or stale key records nothing.
 */
export function resolveAttention(
	db: Db,
	navigatorId: string,
	participantId: string,
	input: ResolveInput,
	now = new Date()
) {
	const { errors, check, throwIfAny } = fieldErrorCollector();
	const note = input.note.trim();
	check(() => checkLength('note', note, 'what you did', 1000));
	return db.transaction(
		(tx) => {
			const reason = participantAttention(tx as unknown as Db, participantId, now).find(
				(r) => r.key === input.reasonKey
			);
			if (!reason)
				fieldError('reasonKey', 'This is no longer on the list: someone may have dealt with it.');
			const action = reason.kind === 'safety' ? input.action : '';
			if (reason.kind === 'safety' && !safetyActions.some((a) => a.key === action))
				errors.action = 'Choose what you did.';
			throwIfAny();
			tx.insert(table.attentionResolution)
				.values({
					participantId,
					reasonKey: reason.key,
					kind: reason.kind,
					label: reason.label,
					action: action || null,
					note,
					resolvedBy: navigatorId,
					createdAt: now
				})
				.run();
			return reason;
		},
		{ behavior: 'immediate' }
	);
}

/** What navigators recorded for this participant, newest first, for staff only. */
export function attentionHistory(db: Db, participantId: string) {
	return db
		.select({
			id: table.attentionResolution.id,
			kind: table.attentionResolution.kind,
			label: table.attentionResolution.label,
			action: table.attentionResolution.action,
			note: table.attentionResolution.note,
			resolvedBy: table.user.displayName,
			createdAt: table.attentionResolution.createdAt
		})
		.from(table.attentionResolution)
		.innerJoin(table.user, eq(table.user.id, table.attentionResolution.resolvedBy))
		.where(eq(table.attentionResolution.participantId, participantId))
		.orderBy(desc(table.attentionResolution.createdAt), desc(table.attentionResolution.id))
		.all();
}

const participantUser = alias(table.user, 'participant_user');
const navigatorUser = alias(table.user, 'navigator_user');

/**
 * Safety concerns that no navigator has acted on within one working day, across the programme,
 * oldest first: the coordinator follows these up. Names only, never what was said.
 */
export function unactedSafetyConcerns(db: Db, now = new Date()) {
	return db
		.select({
			participantId: table.wellbeingCheckIn.participantId,
			checkInId: table.wellbeingCheckIn.id,
			displayName: participantUser.displayName,
			navigator: navigatorUser.displayName,
			raisedAt: table.wellbeingCheckIn.createdAt
		})
		.from(table.wellbeingCheckIn)
		.innerJoin(
			table.participant,
			eq(table.participant.userId, table.wellbeingCheckIn.participantId)
		)
		.innerJoin(participantUser, eq(participantUser.id, table.participant.userId))
		.innerJoin(navigatorUser, eq(navigatorUser.id, table.participant.navigatorId))
		.leftJoin(
			table.attentionResolution,
			and(
				eq(table.attentionResolution.participantId, table.wellbeingCheckIn.participantId),
				// The key safetyKey() gives the check-in.
				eq(table.attentionResolution.reasonKey, sql`'safety:' || ${table.wellbeingCheckIn.id}`)
			)
		)
		.where(
			and(
				// Written out as in wellbeing_check_in_safety_idx, so SQLite can use that index.
				sql`${table.wellbeingCheckIn.concernsSafety} = 1`,
				eq(table.participant.status, 'active'),
				eq(participantUser.active, true),
				isNull(table.attentionResolution.id)
			)
		)
		.orderBy(table.wellbeingCheckIn.createdAt)
		.all()
		.filter((c) => oneWorkingDayAfter(c.raisedAt).getTime() <= now.getTime());
}
