/**
 * The one attention model: which participants need their navigator, why, and since when. Today,
 * Caseload, the participant page and the coordinator overview all read it from here.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { compareReasons, type AttentionReason } from '../../attention';
import { londonDate } from '../../dates';
import { cameToSession } from '../attendance/outcome';
import type { Db } from '../db/open';
import { bound, preparedQueryByShape } from '../db/prepared';
import * as table from '../db/schema';
import type { SessionType } from '../db/schema';
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

/**
 * Everything the rules need, one row per participant in scope: the participant and, in one
 * correlated subquery each, what the rules read of their wellbeing answers, messages, calls,
 * bookings, plan, hours and what was dealt with. Lists come back as JSON arrays of values, so
 * a caseload is one statement rather than a dozen, each joining the caseload again. Built and
 * prepared once per database and scope; values go in as placeholders: `scopeId`, `now` (ms)
 * and `today` (a London date).
 */
const factQueries = preparedQueryByShape((db, kind) => {
	const p = table.participant;
	const answer = table.wellbeingAnswer;
	const message = table.message;
	const reply = alias(table.message, 'reply');
	const callback = table.callbackRequest;
	const booking = table.booking;
	const slot = table.slot;
	const action = table.planAction;
	const hours = table.volunteeringEntry;
	const resolution = table.attentionResolution;
	const answerValues = sql`json_array(${answer.id}, ${answer.score}, ${answer.helpWith}, ${answer.concernsSafety}, ${answer.createdAt})`;
	return db
		.select({
			id: p.userId,
			contractStart: p.contractStart,
			contractEnd: p.contractEnd,
			// The newest wellbeing answer, which struggling and no contact read: SQLite takes the
			// other columns from the row that holds the max(), with no sort (all nulls for none).
			latestAnswer: sql<string>`(select json_array(${answer.id}, ${answer.score}, ${answer.helpWith}, ${answer.concernsSafety}, max(${answer.createdAt}))
				from ${answer} where ${answer.participantId} = ${p.userId})`,
			// Written out as in wellbeing_answer_safety_idx, so SQLite can use that index.
			safetyAnswers: sql<string>`(select json_group_array(${answerValues} order by ${answer.createdAt} desc)
				from ${answer}
				where ${answer.participantId} = ${p.userId} and ${answer.concernsSafety} = 1)`,
			// Written out as in message_safety_idx, so SQLite can use that index.
			safetyMessages: sql<string>`(select json_group_array(json_array(${message.id}, ${message.createdAt}))
				from ${message}
				where ${message.participantId} = ${p.userId} and ${message.concernsSafety} = 1)`,
			openCallbacks: sql<string>`(select json_group_array(json_array(${callback.id}, ${callback.createdAt}, ${callback.callAt}))
				from ${callback}
				where ${callback.participantId} = ${p.userId} and ${callback.doneAt} is null)`,
			// Active bookings with no outcome (as in booking_open_idx) that need a decision: "I can't
			// make it", or a session that started with no check-in. Checked in, they need nothing.
			openBookings: sql<string>`(select json_group_array(json_array(${booking.id}, ${slot.title}, ${slot.type}, ${slot.startsAt}, ${booking.checkedInAt}, ${booking.cantMakeItAt}, ${booking.delayedCheckinReview} = 'pending'))
				from ${booking} inner join ${slot} on ${slot.id} = ${booking.slotId}
				where ${booking.participantId} = ${p.userId} and ${table.bookingIsActive}
					and ${booking.outcome} is null
					and (${booking.cantMakeItAt} is not null
						or (${booking.checkedInAt} is null and ${slot.startsAt} < ${bound('now')})))`,
			// The slot is read only for an attendance recorded without a check-in: a caseload has
			// thousands of bookings, and reading each one's slot doubled the cost.
			lastAttendedAt: sql<number | null>`(select max(coalesce(${booking.checkedInAt},
					(select ${slot.startsAt} from ${slot} where ${slot.id} = ${booking.slotId})))
				from ${booking}
				where ${booking.participantId} = ${p.userId} and ${table.bookingIsActive} and ${cameToSession})`,
			lastMessageFromThemAt: sql<number | null>`(select max(${message.createdAt}) from ${message}
				where ${message.participantId} = ${p.userId} and ${message.senderRole} = 'participant')`,
			/** Their messages after the navigator's last reply: the first one's id and time, and how many. */
			unanswered: sql<string>`(select json_array(min(${message.id}), min(${message.createdAt}), count(*))
				from ${message}
				where ${message.participantId} = ${p.userId} and ${message.senderRole} = 'participant'
					and ${message.id} > coalesce((select max(${reply.id}) from ${table.message} ${reply}
						where ${reply.participantId} = ${p.userId} and ${reply.senderRole} = 'navigator'), 0))`,
			overdueActions: sql<string>`(select json_group_array(json_array(${action.id}, ${action.title}, ${action.dueDate}))
				from ${action} inner join ${table.pathway} on ${table.pathway.id} = ${action.pathwayId}
				where ${table.pathway.participantId} = ${p.userId}
					and ${actionNeedsDoingSql(bound('today'))})`,
			/** Volunteering entries to confirm: how many, the oldest and the newest. */
			hoursToConfirm: sql<string>`(select json_array(count(*), min(${hours.createdAt}), max(${hours.createdAt}))
				from ${hours}
				where ${hours.participantId} = ${p.userId} and ${hours.status} = 'logged')`,
			resolutions: sql<string>`(select json_group_array(json_array(${resolution.reasonKey}, ${resolution.kind}, ${resolution.createdAt}))
				from ${resolution}
				where ${resolution.participantId} = ${p.userId})`
		})
		.from(p)
		.innerJoin(table.user, eq(table.user.id, p.userId))
		.where(and(inScope(kind as ScopeKind), sql`${table.user.active} = 1`))
		.prepare();
});

/**
 * A row of factQueries as the array of values it selects, in that order: a caseload's rows are
 * read as arrays, as Drizzle's mapping of each value into an object cost as much as the rules.
 */
type FactRow = [
	id: string,
	contractStart: string,
	contractEnd: string,
	latestAnswer: string,
	safetyAnswers: string,
	safetyMessages: string,
	openCallbacks: string,
	openBookings: string,
	lastAttendedAt: number | null,
	lastMessageFromThemAt: number | null,
	unanswered: string,
	overdueActions: string,
	hoursToConfirm: string,
	resolutions: string
];
type AnswerValues = [string, number, string, number, number];

const wellbeingFact = ([id, score, helpWith, concernsSafety, createdAt]: AnswerValues) => ({
	id,
	score,
	helpWith,
	concernsSafety: concernsSafety === 1,
	createdAt: new Date(createdAt)
});

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The rules' facts from one participant's row: JSON lists parsed, times made Dates. */
function factsOf([
	,
	contractStart,
	contractEnd,
	latestAnswer,
	safetyAnswers,
	safetyMessages,
	openCallbacks,
	openBookings,
	lastAttendedAt,
	lastMessageFromThemAt,
	unanswered,
	overdueActions,
	hoursToConfirm,
	resolutions
]: FactRow): { facts: ParticipantFacts; dealtWith: Set<string> } {
	const newest = JSON.parse(latestAnswer) as AnswerValues | null[];
	const latest = newest[0] === null ? null : wellbeingFact(newest as AnswerValues);
	const answersAboutSafety = (JSON.parse(safetyAnswers) as AnswerValues[])
		.map(wellbeingFact)
		.filter((a) => a.id !== latest?.id);
	const [firstUnansweredId, firstUnansweredAt, unansweredCount] = JSON.parse(unanswered) as [
		number | null,
		number | null,
		number
	];
	const [hoursCount, oldestHours, newestHours] = JSON.parse(hoursToConfirm) as [
		number,
		number | null,
		number | null
	];
	const dealtWith = JSON.parse(resolutions) as [string, string, number][];
	let lastNoContactDealtWith: number | null = null;
	for (const [, kind, at] of dealtWith)
		if (kind === 'no_contact' && (lastNoContactDealtWith === null || at > lastNoContactDealtWith))
			lastNoContactDealtWith = at;
	const facts: ParticipantFacts = {
		contractStart,
		contractEnd,
		wellbeingAnswers: latest ? [latest, ...answersAboutSafety] : answersAboutSafety,
		safetyMessages: (JSON.parse(safetyMessages) as [number, number][]).map(([id, at]) => ({
			id,
			createdAt: new Date(at)
		})),
		openCallbacks: (JSON.parse(openCallbacks) as [string, number, number | null][]).map(
			([id, at, callAt]) => ({ id, createdAt: new Date(at), callAt: dateOrNull(callAt) })
		),
		openBookings: (
			JSON.parse(openBookings) as [
				string,
				string,
				SessionType,
				number,
				number | null,
				number | null,
				0 | 1 | null
			][]
		).map(([id, title, type, startsAt, checkedInAt, cantMakeItAt, checkInToConfirm]) => ({
			id,
			title,
			type,
			startsAt: new Date(startsAt),
			checkedInAt: dateOrNull(checkedInAt),
			cantMakeItAt: dateOrNull(cantMakeItAt),
			checkInToConfirm: checkInToConfirm === 1
		})),
		lastAttendedAt: dateOrNull(lastAttendedAt),
		lastMessageFromThemAt: dateOrNull(lastMessageFromThemAt),
		firstUnanswered:
			unansweredCount > 0
				? {
						id: firstUnansweredId!,
						createdAt: new Date(firstUnansweredAt!),
						count: unansweredCount
					}
				: null,
		overdueActions: (JSON.parse(overdueActions) as [string, string, string][]).map(
			([id, title, dueDate]) => ({ id, title, dueDate })
		),
		hoursToConfirm:
			hoursCount > 0
				? { count: hoursCount, oldest: new Date(oldestHours!), newest: new Date(newestHours!) }
				: null,
		lastNoContactDealtWithAt: dateOrNull(lastNoContactDealtWith)
	};
	return { facts, dealtWith: new Set(dealtWith.map(([key]) => key)) };
}

/** Everything the rules need about the participants in scope, in one indexed query. */
function readFacts(db: Db, scope: Scope, now: Date) {
	const kind: ScopeKind = 'navigatorId' in scope ? 'navigator' : 'participant';
	const rows = factQueries(db, kind).values({
		scopeId: 'navigatorId' in scope ? scope.navigatorId : scope.participantId,
		now: now.getTime(),
		today: londonDate(now)
	}) as FactRow[];
	return rows.map((row) => ({ participantId: row[0], ...factsOf(row) }));
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
