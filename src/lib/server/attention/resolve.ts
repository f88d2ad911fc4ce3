import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
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
			const reason = participantAttention(tx, participantId, now).find(
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

/** Concerns from one source with no record of what was done, oldest first. */
function unresolvedConcerns(
	db: Db,
	source: typeof table.wellbeingAnswer | typeof table.message,
	key: SQL
) {
	return db
		.select({
			key: sql<string>`${key}`,
			participantId: table.participant.userId,
			displayName: participantUser.displayName,
			navigator: navigatorUser.displayName,
			raisedAt: source.createdAt
		})
		.from(source)
		.innerJoin(table.participant, eq(table.participant.userId, source.participantId))
		.innerJoin(participantUser, eq(participantUser.id, table.participant.userId))
		.innerJoin(navigatorUser, eq(navigatorUser.id, table.participant.navigatorId))
		.leftJoin(
			table.attentionResolution,
			and(
				eq(table.attentionResolution.participantId, source.participantId),
				eq(table.attentionResolution.reasonKey, key)
			)
		)
		.where(
			and(
				// Written out as in the sources' partial indexes, so SQLite can use them.
				sql`${source.concernsSafety} = 1`,
				eq(table.participant.status, 'active'),
				eq(participantUser.active, true),
				isNull(table.attentionResolution.id)
			)
		)
		.all();
}

/**
 * Safety concerns that no navigator has acted on within one working day, across the programme,
 * oldest first: the coordinator follows these up. Names only, never what was said.
 */
export function unactedSafetyConcerns(db: Db, now = new Date()) {
	// The keys safetyKey() gives, built in SQL to match the recorded resolutions.
	return [
		...unresolvedConcerns(db, table.wellbeingAnswer, sql`'safety:' || ${table.wellbeingAnswer.id}`),
		...unresolvedConcerns(db, table.message, sql`'safety_message:' || ${table.message.id}`)
	]
		.filter((c) => oneWorkingDayAfter(c.raisedAt).getTime() <= now.getTime())
		.sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime());
}
