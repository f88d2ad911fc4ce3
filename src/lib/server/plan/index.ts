import { and, asc, count, desc, eq, getTableColumns, gt, lte, max, ne, sql } from 'drizzle-orm';
import { addCalendarMonths, addDays, formatDay, isIsoDate, londonDate } from '../../dates';
import { areaLabels, communityLabels, formatHours, outcomeLabels } from '../../plan';
import { programmeProgress } from '../../programme';
import { checkContractStart, findParticipant } from '../accounts';
import { cameToSession } from '../attendance/outcome';
import type { Db, Tx } from '../db/open';
import { preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector } from '../input';

export const minTarget = 18;
export const maxTarget = 36;
export const defaultTarget = 18;
/** 12 hours a day, in quarter hours. */
const maxQuarterHoursPerDay = 48;

function logChange(
	tx: Tx | Db,
	participantId: string,
	changedBy: string,
	summary: string,
	needsAcknowledgement: boolean,
	now: Date
) {
	tx.insert(table.planChange)
		.values({ participantId, changedBy, changedAt: now, summary, needsAcknowledgement })
		.run();
}

function participantRow(db: Db | Tx, participantId: string) {
	const row = db
		.select()
		.from(table.participant)
		.where(eq(table.participant.userId, participantId))
		.get();
	if (!row) fieldError('participantId', 'That participant no longer exists.');
	return row;
}

export type ContractTerms = {
	victimCondition: boolean;
	communityCondition: table.CommunityCondition;
	volunteeringTarget: number | null;
	written: boolean;
};

const contractOf = preparedQuery((db) =>
	db
		.select()
		.from(table.contract)
		.where(eq(table.contract.participantId, sql.placeholder('participantId')))
		.prepare()
);

export function getContract(db: Db, participantId: string): ContractTerms {
	const row = contractOf(db).get({ participantId });
	if (!row)
		return {
			victimCondition: false,
			communityCondition: 'volunteering',
			volunteeringTarget: defaultTarget,
			written: false
		};
	return {
		victimCondition: row.victimCondition,
		communityCondition: row.communityCondition,
		volunteeringTarget: row.volunteeringTarget,
		written: true
	};
}

export type ContractInput = {
	contractStart: string;
	victimCondition: boolean;
	communityCondition: string;
	volunteeringTarget: string;
};

/**
 * Saves the contract's start date and conditions. Each real change is kept, in plain English,
 * for the participant to acknowledge. Returns the summaries of what changed.
 */
export function saveContract(
	db: Db,
	actorId: string,
	participantId: string,
	input: ContractInput,
	now = new Date()
): string[] {
	return db.transaction(
		(tx) => {
			const current = participantRow(tx, participantId);
			const { errors, check, throwIfAny } = fieldErrorCollector();
			if (input.contractStart !== current.contractStart) {
				check(() => checkContractStart(input.contractStart, now));
			}
			const community = table.communityConditions.find((c) => c === input.communityCondition);
			if (!community) errors.communityCondition = 'Choose volunteering, a GPS tag or neither.';
			let target: number | null = null;
			if (community === 'volunteering') {
				target = Number(input.volunteeringTarget);
				if (!input.volunteeringTarget || !Number.isInteger(target))
					errors.volunteeringTarget = `Enter a whole number of hours from ${minTarget} to ${maxTarget}.`;
				else if (target < minTarget || target > maxTarget)
					errors.volunteeringTarget = `The target must be between ${minTarget} and ${maxTarget} hours.`;
			}
			throwIfAny();

			// The same connection, so this reads inside the transaction too.
			const before = getContract(db, participantId);
			const changes: string[] = [];
			if (!before.written) changes.push('Your navigator wrote your contract with you.');
			if (input.contractStart !== current.contractStart) {
				const end = addCalendarMonths(input.contractStart, 4);
				changes.push(
					`Your start date moved from ${formatDay(current.contractStart, now)} to ${formatDay(input.contractStart, now)}. Your plan now ends on ${formatDay(end, now)}.`
				);
			}
			if (before.written && before.victimCondition !== input.victimCondition)
				changes.push(
					input.victimCondition
						? 'Added: take part in putting things right with the person affected.'
						: 'Removed: taking part in putting things right with the person affected.'
				);
			if (before.written && before.communityCondition !== community)
				changes.push(`Your community condition is now: ${communityLabels[community!]}.`);
			if (before.written && community === 'volunteering' && before.volunteeringTarget !== target)
				changes.push(`Your volunteering target is now ${target} hours.`);
			if (changes.length === 0) return [];

			if (input.contractStart !== current.contractStart)
				tx.update(table.participant)
					.set({
						contractStart: input.contractStart,
						contractEnd: addCalendarMonths(input.contractStart, 4)
					})
					.where(eq(table.participant.userId, participantId))
					.run();
			const values = {
				victimCondition: input.victimCondition,
				communityCondition: community!,
				volunteeringTarget: target,
				updatedAt: now
			};
			tx.insert(table.contract)
				.values({ participantId, ...values })
				.onConflictDoUpdate({ target: table.contract.participantId, set: values })
				.run();
			for (const summary of changes) logChange(tx, participantId, actorId, summary, true, now);
			return changes;
		},
		{ behavior: 'immediate' }
	);
}

function ensureContract(tx: Tx, participantId: string, now: Date) {
	tx.insert(table.contract)
		.values({ participantId, volunteeringTarget: defaultTarget, updatedAt: now })
		.onConflictDoNothing()
		.run();
}

// ── Pathways ─────────────────────────────────────────────────────────────────────────────

function ownPathway(db: Db | Tx, participantId: string, pathwayId: string) {
	const row = db
		.select()
		.from(table.pathway)
		.where(and(eq(table.pathway.id, pathwayId), eq(table.pathway.participantId, participantId)))
		.get();
	if (!row) fieldError('pathwayId', 'That area is no longer in the plan. Reload the page.');
	return row;
}

function checkGoal(goal: string) {
	checkLength('goal', goal, 'a goal', 300);
}

export function addPathway(
	db: Db,
	actorId: string,
	participantId: string,
	input: { area: string; goal: string },
	now = new Date()
) {
	const { errors, check, throwIfAny } = fieldErrorCollector();
	const area = table.pathwayAreas.find((a) => a === input.area);
	if (!area) errors.area = 'Choose an area to work on.';
	check(() => checkGoal(input.goal));
	throwIfAny();
	participantRow(db, participantId);
	const id = crypto.randomUUID();
	db.transaction(
		(tx) => {
			const last = tx
				.select({ position: max(table.pathway.position) })
				.from(table.pathway)
				.where(eq(table.pathway.participantId, participantId))
				.get();
			const inserted = tx
				.insert(table.pathway)
				.values({
					id,
					participantId,
					area: area!,
					goal: input.goal,
					position: (last?.position ?? 0) + 1
				})
				.onConflictDoNothing()
				.run();
			if (inserted.changes !== 1) fieldError('area', 'That area is already in the plan.');
			ensureContract(tx, participantId, now);
			logChange(
				tx,
				participantId,
				actorId,
				`Added an area to work on: ${areaLabels[area!]}. Goal: ${input.goal}`,
				true,
				now
			);
		},
		{ behavior: 'immediate' }
	);
	return id;
}

export function updatePathwayGoal(
	db: Db,
	actorId: string,
	participantId: string,
	pathwayId: string,
	goal: string,
	now = new Date()
) {
	checkGoal(goal);
	db.transaction(
		(tx) => {
			const row = ownPathway(tx, participantId, pathwayId);
			if (row.goal === goal) return;
			tx.update(table.pathway).set({ goal }).where(eq(table.pathway.id, pathwayId)).run();
			logChange(
				tx,
				participantId,
				actorId,
				`New goal for ${areaLabels[row.area]}: ${goal}`,
				true,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

export function removePathway(
	db: Db,
	actorId: string,
	participantId: string,
	pathwayId: string,
	now = new Date()
) {
	db.transaction(
		(tx) => {
			const row = ownPathway(tx, participantId, pathwayId);
			tx.delete(table.pathway).where(eq(table.pathway.id, pathwayId)).run();
			logChange(
				tx,
				participantId,
				actorId,
				`Removed an area from your plan: ${areaLabels[row.area]}.`,
				true,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

export type Direction = 'up' | 'down';

export function movePathway(
	db: Db,
	actorId: string,
	participantId: string,
	pathwayId: string,
	direction: Direction,
	now = new Date()
) {
	db.transaction(
		(tx) => {
			const row = ownPathway(tx, participantId, pathwayId);
			const siblings = tx
				.select({ id: table.pathway.id, position: table.pathway.position })
				.from(table.pathway)
				.where(eq(table.pathway.participantId, participantId))
				.orderBy(asc(table.pathway.position))
				.all();
			const swapped = swapWithNeighbour(siblings, pathwayId, direction);
			if (!swapped) return;
			for (const s of swapped)
				tx.update(table.pathway)
					.set({ position: s.position })
					.where(eq(table.pathway.id, s.id))
					.run();
			logChange(
				tx,
				participantId,
				actorId,
				`Moved ${areaLabels[row.area]} ${direction} the list.`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

/** New positions for an item and its neighbour, or null at the end of the list. */
export function swapWithNeighbour(
	items: { id: string; position: number }[],
	id: string,
	direction: Direction
) {
	const index = items.findIndex((i) => i.id === id);
	const other = direction === 'up' ? index - 1 : index + 1;
	if (index < 0 || other < 0 || other >= items.length) return null;
	return [
		{ id: items[index].id, position: items[other].position },
		{ id: items[other].id, position: items[index].position }
	];
}

// ── Actions ──────────────────────────────────────────────────────────────────────────────

export type ActionInput = {
	title: string;
	description: string;
	dueDate: string;
	status: string;
	owner: string;
	partnerName: string;
	partnerContact: string;
};

function checkAction(input: ActionInput) {
	const { errors, check, throwIfAny } = fieldErrorCollector();
	check(() => checkLength('title', input.title, 'a title', 120));
	check(() => checkLength('description', input.description, 'a description', 1000, 0));
	if (input.dueDate && !isIsoDate(input.dueDate))
		errors.dueDate = 'Enter a real date, like 2026-03-02, or leave it empty.';
	const status = table.actionStatuses.find((s) => s === input.status);
	if (!status) errors.status = 'Choose not started, in progress or done.';
	const owner = table.actionOwners.find((o) => o === input.owner);
	if (!owner) errors.owner = 'Choose who does it.';
	if (owner === 'partner') {
		check(() => checkLength('partnerName', input.partnerName, 'the partner service', 120));
		check(() => checkLength('partnerContact', input.partnerContact, 'how to contact them', 200, 0));
	}
	throwIfAny();
	return {
		title: input.title,
		description: input.description,
		dueDate: input.dueDate || null,
		status: status!,
		owner: owner!,
		partnerName: owner === 'partner' ? input.partnerName : null,
		partnerContact: owner === 'partner' ? input.partnerContact || null : null
	};
}

/** A kind warning when a due date falls outside the four months; null when it is inside. */
export function dueDateWarning(
	dueDate: string | null,
	contract: { contractStart: string; contractEnd: string }
) {
	if (!dueDate) return null;
	if (dueDate < contract.contractStart)
		return `This is due before the contract starts (${contract.contractStart}).`;
	if (dueDate > contract.contractEnd)
		return `This is due after the contract ends (${contract.contractEnd}).`;
	return null;
}

function dueText(dueDate: string | null, now: Date) {
	return dueDate ? `, by ${formatDay(dueDate, now)}` : '';
}

export function addAction(
	db: Db,
	actorId: string,
	participantId: string,
	pathwayId: string,
	input: ActionInput,
	now = new Date()
) {
	const values = checkAction(input);
	const id = crypto.randomUUID();
	const person = participantRow(db, participantId);
	db.transaction(
		(tx) => {
			const path = ownPathway(tx, participantId, pathwayId);
			const last = tx
				.select({ position: max(table.planAction.position) })
				.from(table.planAction)
				.where(eq(table.planAction.pathwayId, pathwayId))
				.get();
			tx.insert(table.planAction)
				.values({
					id,
					pathwayId,
					...values,
					position: (last?.position ?? 0) + 1,
					doneAt: values.status === 'done' ? now : null
				})
				.run();
			logChange(
				tx,
				participantId,
				actorId,
				`New action for ${areaLabels[path.area]}: ${values.title}${dueText(values.dueDate, now)}.`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
	return { id, warning: dueDateWarning(values.dueDate, person) };
}

function ownAction(db: Db | Tx, participantId: string, actionId: string) {
	const row = db
		.select({ action: table.planAction, area: table.pathway.area })
		.from(table.planAction)
		.innerJoin(table.pathway, eq(table.pathway.id, table.planAction.pathwayId))
		.where(and(eq(table.planAction.id, actionId), eq(table.pathway.participantId, participantId)))
		.get();
	if (!row) fieldError('actionId', 'That action is no longer in the plan. Reload the page.');
	return row;
}

export function updateAction(
	db: Db,
	actorId: string,
	participantId: string,
	actionId: string,
	input: ActionInput,
	now = new Date()
) {
	const values = checkAction(input);
	const person = participantRow(db, participantId);
	db.transaction(
		(tx) => {
			const { action } = ownAction(tx, participantId, actionId);
			tx.update(table.planAction)
				.set({
					...values,
					doneAt: values.status === 'done' ? (action.doneAt ?? now) : null
				})
				.where(eq(table.planAction.id, actionId))
				.run();
			const summary =
				action.status !== values.status && values.status === 'done'
					? `Done: ${values.title}. Well done.`
					: `Changed the action: ${values.title}${dueText(values.dueDate, now)} (${values.status.replace('_', ' ')}).`;
			logChange(tx, participantId, actorId, summary, false, now);
		},
		{ behavior: 'immediate' }
	);
	return { warning: dueDateWarning(values.dueDate, person) };
}

export function setActionStatus(
	db: Db,
	actorId: string,
	participantId: string,
	actionId: string,
	status: string,
	now = new Date()
) {
	const next = table.actionStatuses.find((s) => s === status);
	if (!next) fieldError('status', 'Choose not started, in progress or done.');
	db.transaction(
		(tx) => {
			const { action } = ownAction(tx, participantId, actionId);
			if (action.status === next) return;
			tx.update(table.planAction)
				.set({ status: next, doneAt: next === 'done' ? now : null })
				.where(eq(table.planAction.id, actionId))
				.run();
			logChange(
				tx,
				participantId,
				actorId,
				next === 'done'
					? `Done: ${action.title}. Well done.`
					: `${action.title} is now ${next.replace('_', ' ')}.`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

export function removeAction(
	db: Db,
	actorId: string,
	participantId: string,
	actionId: string,
	now = new Date()
) {
	db.transaction(
		(tx) => {
			const { action } = ownAction(tx, participantId, actionId);
			tx.delete(table.planAction).where(eq(table.planAction.id, actionId)).run();
			logChange(tx, participantId, actorId, `Removed the action: ${action.title}.`, false, now);
		},
		{ behavior: 'immediate' }
	);
}

export function moveAction(
	db: Db,
	actorId: string,
	participantId: string,
	actionId: string,
	direction: Direction,
	now = new Date()
) {
	db.transaction(
		(tx) => {
			const { action } = ownAction(tx, participantId, actionId);
			const siblings = tx
				.select({ id: table.planAction.id, position: table.planAction.position })
				.from(table.planAction)
				.where(eq(table.planAction.pathwayId, action.pathwayId))
				.orderBy(asc(table.planAction.position))
				.all();
			const swapped = swapWithNeighbour(siblings, actionId, direction);
			if (!swapped) return;
			for (const s of swapped)
				tx.update(table.planAction)
					.set({ position: s.position })
					.where(eq(table.planAction.id, s.id))
					.run();
			logChange(tx, participantId, actorId, `Moved ${action.title} ${direction}.`, false, now);
		},
		{ behavior: 'immediate' }
	);
}

// ── Volunteering hours ───────────────────────────────────────────────────────────────────

export type HoursInput = { date: string; hours: string; place: string; note: string };

/** One of the participant's own volunteering entries, or undefined. */
function ownHoursEntry(db: Db | Tx, participantId: string, entryId: string) {
	return db
		.select()
		.from(table.volunteeringEntry)
		.where(
			and(
				eq(table.volunteeringEntry.id, entryId),
				eq(table.volunteeringEntry.participantId, participantId)
			)
		)
		.get();
}
/** '1.5' or '1:30' → quarter hours; null when it is not a whole number of quarter hours. */
export function parseQuarterHours(value: string): number | null {
	const text = value.trim();
	const clock = /^(\d{1,2}):([0-5]\d)$/.exec(text);
	const hours = clock ? Number(clock[1]) + Number(clock[2]) / 60 : Number(text);
	if (!text || !Number.isFinite(hours)) return null;
	const quarters = hours * 4;
	return Number.isInteger(quarters) ? quarters : null;
}

export function logHours(db: Db, participantId: string, input: HoursInput, now = new Date()) {
	const person = participantRow(db, participantId);
	if (person.status !== 'active')
		fieldError('date', 'Your programme has ended, so there is no need to log more hours.');
	const { errors, check, throwIfAny } = fieldErrorCollector();
	const today = londonDate(now);
	if (!input.date) errors.date = 'Enter the date you volunteered.';
	else if (!isIsoDate(input.date)) errors.date = 'Enter a real date, like 2026-03-02.';
	else if (input.date > today) errors.date = 'The date cannot be in the future.';
	else if (input.date < person.contractStart)
		errors.date = `The date cannot be before your plan started on ${formatDay(person.contractStart, now)}.`;
	const quarters = parseQuarterHours(input.hours);
	if (!input.hours) errors.hours = 'Enter how many hours you did.';
	else if (quarters === null)
		errors.hours = 'Enter hours in quarters of an hour, like 2 or 1.5 or 0.25.';
	else if (quarters < 1 || quarters > maxQuarterHoursPerDay)
		errors.hours = 'Enter between a quarter of an hour (0.25) and 12 hours.';
	check(() => checkLength('place', input.place, 'where you volunteered', 120));
	if (input.note.length > 500) errors.note = 'The note must be 500 characters or fewer.';
	throwIfAny();

	const id = crypto.randomUUID();
	db.transaction(
		(tx) => {
			const inserted = tx.run(sql`
				insert into volunteering_entry (id, participant_id, date, quarter_hours, place, note, created_at)
				select ${id}, ${participantId}, ${input.date}, ${quarters}, ${input.place}, ${input.note || null}, ${now.getTime()}
				where (
					select coalesce(sum(quarter_hours), 0) from volunteering_entry
					where participant_id = ${participantId} and date = ${input.date} and status != 'queried'
				) + ${quarters} <= ${maxQuarterHoursPerDay}`);
			if (inserted.changes !== 1)
				fieldError('hours', 'That would be more than 12 hours on one day. Check the hours.');
			logChange(
				tx,
				participantId,
				participantId,
				`Logged ${formatHours(quarters!)} at ${input.place} on ${formatDay(input.date, now)}.`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
	return id;
}

export function reviewHours(
	db: Db,
	actorId: string,
	participantId: string,
	entryId: string,
	decision: string,
	note: string,
	now = new Date()
) {
	if (decision !== 'confirmed' && decision !== 'queried')
		fieldError('decision', 'Choose confirm or ask about it.');
	if (decision === 'queried') checkLength('reviewNote', note, 'what you want to ask', 300);
	db.transaction(
		(tx) => {
			const entry = ownHoursEntry(tx, participantId, entryId);
			if (!entry) fieldError('entryId', 'Those hours are no longer there. Reload the page.');
			tx.update(table.volunteeringEntry)
				.set({
					status: decision,
					reviewNote: decision === 'queried' ? note : null,
					reviewedBy: actorId,
					reviewedAt: now,
					...(decision === 'queried' ? { answer: null, answeredAt: null } : {})
				})
				.where(eq(table.volunteeringEntry.id, entryId))
				.run();
			const what = `${formatHours(entry.quarterHours)} on ${formatDay(entry.date, now)}`;
			logChange(
				tx,
				participantId,
				actorId,
				decision === 'confirmed' ? `Confirmed ${what}.` : `Asked about ${what}: ${note}`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

/**
 * The participant answers the navigator's question about an entry, corrects its hours, or both.
 * Either way the entry goes back to the navigator to check, with the question and the answer.
 */
export function answerHoursQuestion(
	db: Db,
	participantId: string,
	entryId: string,
	input: { answer: string; hours: string },
	now = new Date()
) {
	const answer = input.answer.trim();
	if (answer) checkLength('answer', answer, 'your answer', 500);
	const quarters = input.hours.trim() ? parseQuarterHours(input.hours) : null;
	if (input.hours.trim() && quarters === null)
		fieldError('hours', 'Enter hours in quarters of an hour, like 2 or 1.5 or 0.25.');
	if (quarters !== null && (quarters < 1 || quarters > maxQuarterHoursPerDay))
		fieldError('hours', 'Enter between a quarter of an hour (0.25) and 12 hours.');
	db.transaction(
		(tx) => {
			const entry = ownHoursEntry(tx, participantId, entryId);
			if (!entry) fieldError('answer', 'Those hours are no longer there. Reload the page.');
			if (entry.status !== 'queried')
				fieldError('answer', 'Your navigator has no question about these hours now.');
			const corrected = quarters !== null && quarters !== entry.quarterHours ? quarters : null;
			if (!answer && corrected === null)
				fieldError('answer', 'Write your answer, or change the hours.');
			if (corrected !== null) {
				const sameDay = tx
					.select({ total: sql<number>`coalesce(sum(${table.volunteeringEntry.quarterHours}), 0)` })
					.from(table.volunteeringEntry)
					.where(
						and(
							eq(table.volunteeringEntry.participantId, participantId),
							eq(table.volunteeringEntry.date, entry.date),
							ne(table.volunteeringEntry.id, entryId),
							ne(table.volunteeringEntry.status, 'queried')
						)
					)
					.get();
				if ((sameDay?.total ?? 0) + corrected > maxQuarterHoursPerDay)
					fieldError('hours', 'That would be more than 12 hours on one day. Check the hours.');
			}
			tx.update(table.volunteeringEntry)
				.set({
					status: 'logged',
					answer: answer || null,
					answeredAt: now,
					...(corrected !== null ? { quarterHours: corrected } : {})
				})
				.where(eq(table.volunteeringEntry.id, entryId))
				.run();
			const what = `${formatHours(entry.quarterHours)} on ${formatDay(entry.date, now)}`;
			const parts = [
				corrected !== null ? `Changed ${what} to ${formatHours(corrected)}.` : null,
				answer ? `Answered about ${what}: ${answer}` : null
			];
			logChange(tx, participantId, participantId, parts.filter(Boolean).join(' '), false, now);
		},
		{ behavior: 'immediate' }
	);
}

const hoursOf = preparedQuery((db) =>
	db
		.select()
		.from(table.volunteeringEntry)
		.where(eq(table.volunteeringEntry.participantId, sql.placeholder('participantId')))
		.orderBy(desc(table.volunteeringEntry.date), desc(table.volunteeringEntry.createdAt))
		.prepare()
);

export function listHours(db: Db, participantId: string) {
	return hoursOf(db).all({ participantId });
}

export function hoursTotals(entries: { quarterHours: number; status: table.HoursStatus }[]) {
	const sum = (status: table.HoursStatus) =>
		entries.filter((e) => e.status === status).reduce((t, e) => t + e.quarterHours, 0);
	return { confirmed: sum('confirmed'), waiting: sum('logged'), queried: sum('queried') };
}

// ── Outcome ──────────────────────────────────────────────────────────────────────────────

export function recordOutcome(
	db: Db,
	actorId: string,
	participantId: string,
	status: string,
	now = new Date()
) {
	const next = table.participantStatuses.find((s) => s === status);
	if (!next) fieldError('status', 'Choose an outcome.');
	db.transaction(
		(tx) => {
			const current = participantRow(tx, participantId);
			if (current.status === next) return;
			tx.update(table.participant)
				.set({ status: next })
				.where(eq(table.participant.userId, participantId))
				.run();
			logChange(
				tx,
				participantId,
				actorId,
				`Programme outcome recorded: ${outcomeLabels[next]}.`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

// ── Acknowledgement ──────────────────────────────────────────────────────────────────────

export type AcknowledgementState = {
	/** Nothing to read yet: the navigator has not written the contract. */
	nothingToRead: boolean;
	/** Never acknowledged: the whole contract is new to them. */
	firstTime: boolean;
	lastAcknowledgedAt: Date | null;
	/** Contract changes since they last acknowledged, oldest first. */
	changes: { id: number; summary: string; changedAt: Date }[];
	latestChangeId: number;
};

const lastAcknowledgement = preparedQuery((db) =>
	db
		.select()
		.from(table.planAcknowledgement)
		.where(eq(table.planAcknowledgement.participantId, sql.placeholder('participantId')))
		.orderBy(desc(table.planAcknowledgement.upToChangeId))
		.limit(1)
		.prepare()
);

const contractChangesAfter = preparedQuery((db) =>
	db
		.select({
			id: table.planChange.id,
			summary: table.planChange.summary,
			changedAt: table.planChange.changedAt
		})
		.from(table.planChange)
		.where(
			and(
				eq(table.planChange.participantId, sql.placeholder('participantId')),
				eq(table.planChange.needsAcknowledgement, true),
				gt(table.planChange.id, sql.placeholder('afterId'))
			)
		)
		.orderBy(asc(table.planChange.id))
		.prepare()
);

const contractChangeCount = preparedQuery((db) =>
	db
		.select({ total: count() })
		.from(table.planChange)
		.where(
			and(
				eq(table.planChange.participantId, sql.placeholder('participantId')),
				eq(table.planChange.needsAcknowledgement, true)
			)
		)
		.prepare()
);

export function acknowledgementState(db: Db, participantId: string): AcknowledgementState {
	const last = lastAcknowledgement(db).get({ participantId });
	const changes = contractChangesAfter(db).all({
		participantId,
		afterId: last?.upToChangeId ?? 0
	});
	const anyContract = contractChangeCount(db).get({ participantId });
	return {
		nothingToRead: (anyContract?.total ?? 0) === 0,
		firstTime: !last,
		lastAcknowledgedAt: last?.acknowledgedAt ?? null,
		changes,
		latestChangeId: changes.at(-1)?.id ?? last?.upToChangeId ?? 0
	};
}

/** Records that the participant read the contract as it stood at `upToChangeId`. */
export function acknowledgeContract(
	db: Db,
	participantId: string,
	upToChangeId: number,
	now = new Date()
) {
	if (!Number.isInteger(upToChangeId) || upToChangeId < 1)
		fieldError('acknowledge', 'Reload the page and read your contract again.');
	db.transaction(
		(tx) => {
			const change = tx
				.select({ id: table.planChange.id })
				.from(table.planChange)
				.where(
					and(
						eq(table.planChange.id, upToChangeId),
						eq(table.planChange.participantId, participantId)
					)
				)
				.get();
			if (!change) fieldError('acknowledge', 'Reload the page and read your contract again.');
			tx.insert(table.planAcknowledgement)
				.values({ participantId, upToChangeId, acknowledgedAt: now })
				.run();
		},
		{ behavior: 'immediate' }
	);
}

// ── Reading the plan ─────────────────────────────────────────────────────────────────────

export type PlanAction = typeof table.planAction.$inferSelect & {
	needsDoing: boolean;
	warning: string | null;
};

const pathwaysOf = preparedQuery((db) =>
	db
		.select()
		.from(table.pathway)
		.where(eq(table.pathway.participantId, sql.placeholder('participantId')))
		.orderBy(asc(table.pathway.position))
		.prepare()
);

const actionsOf = preparedQuery((db) =>
	db
		.select(getTableColumns(table.planAction))
		.from(table.planAction)
		.innerJoin(table.pathway, eq(table.pathway.id, table.planAction.pathwayId))
		.where(eq(table.pathway.participantId, sql.placeholder('participantId')))
		.orderBy(asc(table.planAction.position))
		.prepare()
);

export function loadPathways(
	db: Db,
	participantId: string,
	contract: { contractStart: string; contractEnd: string },
	today: string
) {
	const pathways = pathwaysOf(db).all({ participantId });
	const actions = pathways.length ? actionsOf(db).all({ participantId }) : [];
	return pathways.map((p) => ({
		...p,
		actions: actions
			.filter((a) => a.pathwayId === p.id)
			.map((a): PlanAction => ({
				...a,
				needsDoing: a.status !== 'done' && !!a.dueDate && a.dueDate < today,
				warning: dueDateWarning(a.dueDate, contract)
			}))
	}));
}

/** Sessions whose time has passed, and how many of them the participant came to. */
const pastSessionCounts = preparedQuery((db) =>
	db
		.select({
			booked: count(),
			attended: sql<number>`sum(case when ${cameToSession} then 1 else 0 end)`
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(
			and(
				eq(table.booking.participantId, sql.placeholder('participantId')),
				table.bookingIsActive,
				eq(table.slot.status, 'scheduled'),
				lte(table.slot.endsAt, sql.placeholder('nowMs')),
				sql`coalesce(${table.booking.outcome}, '') != 'cancelled_by_navigator'`
			)
		)
		.prepare()
);

export function sessionCounts(db: Db, participantId: string, now = new Date()) {
	const row = pastSessionCounts(db).get({ participantId, nowMs: now.getTime() });
	return { booked: row?.booked ?? 0, attended: Number(row?.attended ?? 0) };
}

type ActionLike = { title: string; dueDate: string | null; status: table.ActionStatus };

export function actionProgress(actions: ActionLike[]) {
	return { done: actions.filter((a) => a.status === 'done').length, total: actions.length };
}

/** The open action due soonest (overdue first); undated actions come last. */
export function nextAction<T extends ActionLike>(actions: T[]): T | null {
	const open = actions.filter((a) => a.status !== 'done');
	open.sort((a, b) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31'));
	return open[0] ?? null;
}

export type TimelineMonth = {
	number: number;
	from: string;
	/** Last day of the month of the programme. */
	to: string;
	state: 'past' | 'current' | 'future';
	actions: { title: string; status: table.ActionStatus; dueDate: string }[];
	/** Actions due in the month and not done: a past month is done only when this is 0. */
	stillToDo: number;
};

/** The four months, each with the actions due in it. */
export function monthTimeline(
	contractStart: string,
	actions: ActionLike[],
	today: string
): TimelineMonth[] {
	return [0, 1, 2, 3].map((i) => {
		const from = addCalendarMonths(contractStart, i);
		const to = addDays(addCalendarMonths(contractStart, i + 1), -1);
		const due = actions
			.filter((a): a is ActionLike & { dueDate: string } => !!a.dueDate)
			.filter((a) => a.dueDate >= from && a.dueDate <= to)
			.sort((a, b) => a.dueDate.localeCompare(b.dueDate))
			.map((a) => ({ title: a.title, status: a.status, dueDate: a.dueDate }));
		return {
			number: i + 1,
			from,
			to,
			state: today > to ? 'past' : today < from ? 'future' : 'current',
			actions: due,
			stillToDo: due.filter((a) => a.status !== 'done').length
		};
	});
}

/** Everything a plan page shows, for the participant or their navigator. */
export function loadPlan(db: Db, participantId: string, now = new Date()) {
	const person =
		findParticipant(db, participantId) ??
		fieldError('participantId', 'That participant no longer exists.');
	const today = londonDate(now);
	const contract = getContract(db, participantId);
	const pathways = loadPathways(db, participantId, person, today);
	const actions = pathways.flatMap((p) => p.actions);
	const entries = listHours(db, participantId);
	return {
		today,
		contractStart: person.contractStart,
		contractEnd: person.contractEnd,
		status: person.status,
		contract,
		pathways,
		progress: programmeProgress(person.contractStart, person.contractEnd, today),
		actions: actionProgress(actions),
		sessions: sessionCounts(db, participantId, now),
		next: nextAction(actions),
		timeline: monthTimeline(person.contractStart, actions, today),
		hours: { entries, totals: hoursTotals(entries) }
	};
}

const unreadContractChanges = preparedQuery((db) =>
	db
		.select({ total: count() })
		.from(table.planChange)
		.where(
			and(
				eq(table.planChange.participantId, sql.placeholder('participantId')),
				eq(table.planChange.needsAcknowledgement, true),
				gt(
					table.planChange.id,
					sql`coalesce((${db
						.select({ upTo: max(table.planAcknowledgement.upToChangeId) })
						.from(table.planAcknowledgement)
						.where(
							eq(table.planAcknowledgement.participantId, sql.placeholder('participantId'))
						)}), 0)`
				)
			)
		)
		.prepare()
);

/**
 * What the participant's home shows of their plan: how many actions are done, the next one,
 * sessions so far, and whether the contract has something new to read.
 */
export function planAtAGlance(db: Db, participantId: string, now = new Date()) {
	const today = londonDate(now);
	const actions = actionsOf(db).all({ participantId });
	const next = nextAction(actions);
	return {
		actions: actionProgress(actions),
		next: next && {
			title: next.title,
			dueDate: next.dueDate,
			needsDoing: !!next.dueDate && next.dueDate < today
		},
		sessions: sessionCounts(db, participantId, now),
		toRead: (unreadContractChanges(db).get({ participantId })?.total ?? 0) > 0
	};
}

export function planHistory(db: Db, participantId: string, limit = 100) {
	return db
		.select({
			id: table.planChange.id,
			summary: table.planChange.summary,
			changedAt: table.planChange.changedAt,
			needsAcknowledgement: table.planChange.needsAcknowledgement,
			by: table.user.displayName,
			byRole: table.user.role
		})
		.from(table.planChange)
		.innerJoin(table.user, eq(table.user.id, table.planChange.changedBy))
		.where(eq(table.planChange.participantId, participantId))
		.orderBy(desc(table.planChange.changedAt), desc(table.planChange.id))
		.limit(limit)
		.all();
}

export function acknowledgementHistory(db: Db, participantId: string) {
	return db
		.select()
		.from(table.planAcknowledgement)
		.where(eq(table.planAcknowledgement.participantId, participantId))
		.orderBy(desc(table.planAcknowledgement.id))
		.all();
}

export type ParticipantPlan = ReturnType<typeof loadPlan>;

/** The plan editor's data for the navigator's participant page. */
export function navigatorPlan(db: Db, participantId: string, now = new Date()) {
	return {
		...loadPlan(db, participantId, now),
		history: planHistory(db, participantId),
		acknowledgements: acknowledgementHistory(db, participantId).slice(0, 5),
		acknowledgement: acknowledgementState(db, participantId)
	};
}

export type NavigatorPlan = ReturnType<typeof navigatorPlan>;
