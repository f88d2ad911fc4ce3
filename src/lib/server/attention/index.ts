/**
 * The one attention model: which participants need their navigator, why, and since when. Today,
 * Caseload, the participant page and the coordinator overview all read it from here.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { compareReasons, type AttentionReason } from '../../attention';
import { londonDate } from '../../dates';
import { cameToSession } from '../attendance/outcome';
import type { Db } from '../db/open';
import { bound, preparedQueryByShape } from '../db/prepared';
import * as table from '../db/schema';
import { actionNeedsDoingSql } from '../plan/actions';
import { rules, type ParticipantFacts } from './rules';

type Scope = { navigatorId: string } | { participantId: string };
type ScopeKind = 'navigator' | 'participant';

function inScope(kind: ScopeKind): SQL {
	return and(
		kind === 'navigator'
			? eq(table.participant.navigatorId, bound('scopeId'))
			: eq(table.participant.userId, bound('scopeId')),
		sql`${table.participant.status} = 'active'`
	)!;
}

const byParticipant = <Row extends { participantId: string }>(rows: Row[]) => {
	const map = new Map<string, Row[]>();
	for (const row of rows) {
		const own = map.get(row.participantId);
		if (own) own.push(row);
		else map.set(row.participantId, [row]);
	}
	return map;
};

/**
 * The rules' queries, built and prepared once per database and scope: a caseload runs all of
 * them on every view of Today and Caseload. Values go in as placeholders: `scopeId`, `now` (ms)
 * and `today` (a London date).
 */
const factQueries = preparedQueryByShape((db, kind) => {
	const where = inScope(kind as ScopeKind);
	const onParticipant = (column: AnySQLiteColumn) => eq(table.participant.userId, column);
	return {
		people: db
			.select({
				id: table.participant.userId,
				contractStart: table.participant.contractStart,
				contractEnd: table.participant.contractEnd
			})
			.from(table.participant)
			.innerJoin(table.user, eq(table.user.id, table.participant.userId))
			.where(and(where, sql`${table.user.active} = 1`))
			.prepare(),
		wellbeingAnswers: db
			.select({
				participantId: table.wellbeingAnswer.participantId,
				id: table.wellbeingAnswer.id,
				score: table.wellbeingAnswer.score,
				helpWith: table.wellbeingAnswer.helpWith,
				concernsSafety: table.wellbeingAnswer.concernsSafety,
				createdAt: table.wellbeingAnswer.createdAt
			})
			.from(table.wellbeingAnswer)
			.innerJoin(table.participant, onParticipant(table.wellbeingAnswer.participantId))
			.where(where)
			.orderBy(sql`${table.wellbeingAnswer.createdAt} desc`)
			.prepare(),
		safetyMessages: db
			.select({
				participantId: table.message.participantId,
				id: table.message.id,
				createdAt: table.message.createdAt
			})
			.from(table.message)
			.innerJoin(table.participant, onParticipant(table.message.participantId))
			// Written out as in message_safety_idx, so SQLite can use that index.
			.where(and(where, sql`${table.message.concernsSafety} = 1`))
			.prepare(),
		callbacks: db
			.select({
				participantId: table.callbackRequest.participantId,
				id: table.callbackRequest.id,
				createdAt: table.callbackRequest.createdAt
			})
			.from(table.callbackRequest)
			.innerJoin(table.participant, onParticipant(table.callbackRequest.participantId))
			.where(and(where, isNull(table.callbackRequest.doneAt)))
			.prepare(),
		openBookings: db
			.select({
				participantId: table.booking.participantId,
				id: table.booking.id,
				title: table.slot.title,
				type: table.slot.type,
				startsAt: table.slot.startsAt,
				checkedInAt: table.booking.checkedInAt,
				cantMakeItAt: table.booking.cantMakeItAt
			})
			.from(table.booking)
			.innerJoin(table.participant, onParticipant(table.booking.participantId))
			.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
			.where(
				and(
					where,
					table.bookingIsActive,
					// Written out as in booking_open_idx, so SQLite can use that index.
					sql`${table.booking.outcome} is null`,
					sql`(${table.booking.cantMakeItAt} is not null or ${table.slot.startsAt} < ${bound('now')})`
				)
			)
			.prepare(),
		lastAttended: db
			.select({
				participantId: table.booking.participantId,
				// The slot is read only for an attendance recorded without a check-in: a caseload has
				// thousands of bookings, and reading each one's slot doubled the cost.
				at: sql<number>`max(coalesce(${table.booking.checkedInAt}, (select starts_at from ${table.slot} where id = ${table.booking.slotId})))`
			})
			.from(table.booking)
			.innerJoin(table.participant, onParticipant(table.booking.participantId))
			.where(and(where, table.bookingIsActive, cameToSession))
			.groupBy(table.booking.participantId)
			.prepare(),
		messages: db
			.select({
				participantId: table.message.participantId,
				lastFromThemAt: sql<
					number | null
				>`max(case when ${table.message.senderRole} = 'participant' then ${table.message.createdAt} end)`,
				lastReplyId: sql<
					number | null
				>`max(case when ${table.message.senderRole} = 'navigator' then ${table.message.id} end)`
			})
			.from(table.message)
			.innerJoin(table.participant, onParticipant(table.message.participantId))
			.where(where)
			.groupBy(table.message.participantId)
			.prepare(),
		unanswered: db
			.select({
				participantId: table.message.participantId,
				id: sql<number>`min(${table.message.id})`,
				createdAt: sql<number>`min(${table.message.createdAt})`,
				count: sql<number>`count(*)`
			})
			.from(table.message)
			.innerJoin(table.participant, onParticipant(table.message.participantId))
			.where(
				and(
					where,
					sql`${table.message.senderRole} = 'participant'`,
					sql`${table.message.id} > coalesce((select max(reply.id) from ${table.message} reply where reply.participant_id = ${table.message.participantId} and reply.sender_role = 'navigator'), 0)`
				)
			)
			.groupBy(table.message.participantId)
			.prepare(),
		overdueActions: db
			.select({
				participantId: table.pathway.participantId,
				id: table.planAction.id,
				title: table.planAction.title,
				dueDate: sql<string>`${table.planAction.dueDate}`
			})
			.from(table.planAction)
			.innerJoin(table.pathway, eq(table.pathway.id, table.planAction.pathwayId))
			.innerJoin(table.participant, onParticipant(table.pathway.participantId))
			.where(and(where, actionNeedsDoingSql(bound('today'))))
			.prepare(),
		hours: db
			.select({
				participantId: table.volunteeringEntry.participantId,
				count: sql<number>`count(*)`,
				oldest: sql<number>`min(${table.volunteeringEntry.createdAt})`,
				newest: sql<number>`max(${table.volunteeringEntry.createdAt})`
			})
			.from(table.volunteeringEntry)
			.innerJoin(table.participant, onParticipant(table.volunteeringEntry.participantId))
			.where(and(where, sql`${table.volunteeringEntry.status} = 'logged'`))
			.groupBy(table.volunteeringEntry.participantId)
			.prepare(),
		resolutions: db
			.select({
				participantId: table.attentionResolution.participantId,
				reasonKey: table.attentionResolution.reasonKey,
				kind: table.attentionResolution.kind,
				createdAt: table.attentionResolution.createdAt
			})
			.from(table.attentionResolution)
			.innerJoin(table.participant, onParticipant(table.attentionResolution.participantId))
			.where(where)
			.prepare()
	};
});

/** Everything the rules need about the participants in scope, a few indexed queries in all. */
function readFacts(db: Db, scope: Scope, now: Date) {
	const kind: ScopeKind = 'navigatorId' in scope ? 'navigator' : 'participant';
	const queries = factQueries(db, kind);
	const values = {
		scopeId: 'navigatorId' in scope ? scope.navigatorId : scope.participantId,
		now: now.getTime(),
		today: londonDate(now)
	};
	const people = queries.people.all(values);
	const wellbeingAnswers = byParticipant(queries.wellbeingAnswers.all(values));
	const safetyMessages = byParticipant(queries.safetyMessages.all(values));
	const callbacks = byParticipant(queries.callbacks.all(values));
	const openBookings = byParticipant(queries.openBookings.all(values));
	const lastAttended = new Map(
		queries.lastAttended.all(values).map((r) => [r.participantId, new Date(r.at)])
	);
	const messages = new Map(queries.messages.all(values).map((r) => [r.participantId, r]));
	const unanswered = new Map(
		queries.unanswered
			.all(values)
			.map((r) => [r.participantId, { id: r.id, createdAt: new Date(r.createdAt), count: r.count }])
	);
	const overdueActions = byParticipant(queries.overdueActions.all(values));
	const hours = new Map(
		queries.hours
			.all(values)
			.map((r) => [
				r.participantId,
				{ count: r.count, oldest: new Date(r.oldest), newest: new Date(r.newest) }
			])
	);
	const resolutions = byParticipant(queries.resolutions.all(values));
	return people.map((p) => {
		const dealtWith = resolutions.get(p.id) ?? [];
		const noContactTimes = dealtWith
			.filter((r) => r.kind === 'no_contact')
			.map((r) => r.createdAt.getTime());
		const thread = messages.get(p.id);
		const facts: ParticipantFacts = {
			contractStart: p.contractStart,
			contractEnd: p.contractEnd,
			wellbeingAnswers: wellbeingAnswers.get(p.id) ?? [],
			safetyMessages: safetyMessages.get(p.id) ?? [],
			openCallbacks: callbacks.get(p.id) ?? [],
			openBookings: openBookings.get(p.id) ?? [],
			lastAttendedAt: lastAttended.get(p.id) ?? null,
			lastMessageFromThemAt: thread?.lastFromThemAt ? new Date(thread.lastFromThemAt) : null,
			firstUnanswered: unanswered.get(p.id) ?? null,
			overdueActions: overdueActions.get(p.id) ?? [],
			hoursToConfirm: hours.get(p.id) ?? null,
			lastNoContactDealtWithAt:
				noContactTimes.length > 0 ? new Date(Math.max(...noContactTimes)) : null
		};
		return { participantId: p.id, facts, dealtWith: new Set(dealtWith.map((r) => r.reasonKey)) };
	});
}

function reasonsFrom(facts: ParticipantFacts, dealtWith: Set<string>, now: Date) {
	return rules
		.flatMap((rule) => rule(facts, now))
		.filter((r) => !dealtWith.has(r.key))
		.sort(compareReasons);
}

/**
 * Every active participant on the navigator's caseload with what needs attention, most pressing
 * reason first; participants with nothing to act on have an empty list.
 */
export function caseloadAttention(
	db: Db,
	navigatorId: string,
	now = new Date()
): Map<string, AttentionReason[]> {
	return new Map(
		readFacts(db, { navigatorId }, now).map((p) => [
			p.participantId,
			reasonsFrom(p.facts, p.dealtWith, now)
		])
	);
}

/** One participant's reasons (the caller checks who may see them); none once they finish. */
export function participantAttention(db: Db, participantId: string, now = new Date()) {
	const [found] = readFacts(db, { participantId }, now);
	return found ? reasonsFrom(found.facts, found.dealtWith, now) : [];
}
