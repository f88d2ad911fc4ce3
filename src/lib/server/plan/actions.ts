/** Actions: the steps within a pathway, who does them, by when, and how far they have got. */
import { and, asc, eq, lt, max, ne, type SQLWrapper } from 'drizzle-orm';
import { formatDay, isIsoDate } from '../../dates';
import { areaLabels, statusLabels } from '../../plan';
import { lastDayOf } from '../../programme';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector } from '../input';
import { planParticipant } from './contract';
import { logChange } from './history';
import { ownPathway, swapWithNeighbour, type Direction } from './pathways';

export type ActionInput = {
	title: string;
	description: string;
	dueDate: string;
	status: string;
	owner: string;
	partnerName: string;
	partnerContact: string;
};

function checkStatus(status: string) {
	return (
		table.actionStatuses.find((s) => s === status) ??
		fieldError('status', 'Choose not started, in progress or done.')
	);
}

function checkAction(input: ActionInput) {
	const { errors, check, throwIfAny } = fieldErrorCollector();
	check(() => checkLength('title', input.title, 'a title', 120));
	check(() => checkLength('description', input.description, 'a description', 1000, 0));
	if (input.dueDate && !isIsoDate(input.dueDate))
		errors.dueDate = 'Enter a real date, like 2026-03-02, or leave it empty.';
	const status = check(() => checkStatus(input.status));
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

/** An action needs doing once its due date has passed and it is not done. */
export function actionNeedsDoing(
	action: { status: table.ActionStatus; dueDate: string | null },
	today: string
) {
	return action.status !== 'done' && !!action.dueDate && action.dueDate < today;
}

/** `actionNeedsDoing` as a condition on plan actions; `today` is a London date or a placeholder. */
export function actionNeedsDoingSql(today: string | SQLWrapper) {
	return and(ne(table.planAction.status, 'done'), lt(table.planAction.dueDate, today))!;
}

/**
 * A kind warning when a due date falls outside the four months, from the first day to the last
 * (the day before the stored end); null when it is inside.
 */
export function dueDateWarning(
	dueDate: string | null,
	contract: { contractStart: string; contractEnd: string },
	now = new Date()
) {
	if (!dueDate) return null;
	if (dueDate < contract.contractStart)
		return `This is due before the contract starts on ${formatDay(contract.contractStart, now)}.`;
	const lastDay = lastDayOf(contract.contractEnd);
	if (dueDate > lastDay)
		return `This is due after the contract ends on ${formatDay(lastDay, now)}.`;
	return null;
}

function dueText(dueDate: string | null, now: Date) {
	return dueDate ? `, by ${formatDay(dueDate, now)}` : '';
}

/** When an action was done: kept from before, or now; null while it is not done. */
function doneAt(status: table.ActionStatus, before: Date | null, now: Date) {
	return status === 'done' ? (before ?? now) : null;
}

function doneSummary(title: string) {
	return `Done: ${title}. Well done.`;
}

function statusWords(status: table.ActionStatus) {
	return statusLabels[status].toLowerCase();
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
	const person = planParticipant(db, participantId);
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
					doneAt: doneAt(values.status, null, now)
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
	return { id, warning: dueDateWarning(values.dueDate, person, now) };
}

function ownAction(db: Db, participantId: string, actionId: string) {
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
	const person = planParticipant(db, participantId);
	db.transaction(
		(tx) => {
			const { action } = ownAction(tx, participantId, actionId);
			tx.update(table.planAction)
				.set({
					...values,
					doneAt: doneAt(values.status, action.doneAt, now)
				})
				.where(eq(table.planAction.id, actionId))
				.run();
			const summary =
				action.status !== values.status && values.status === 'done'
					? doneSummary(values.title)
					: `Changed the action: ${values.title}${dueText(values.dueDate, now)} (${statusWords(values.status)}).`;
			logChange(tx, participantId, actorId, summary, false, now);
		},
		{ behavior: 'immediate' }
	);
	return { warning: dueDateWarning(values.dueDate, person, now) };
}

export function setActionStatus(
	db: Db,
	actorId: string,
	participantId: string,
	actionId: string,
	status: string,
	now = new Date()
) {
	const next = checkStatus(status);
	db.transaction(
		(tx) => {
			const { action } = ownAction(tx, participantId, actionId);
			if (action.status === next) return;
			tx.update(table.planAction)
				.set({ status: next, doneAt: doneAt(next, action.doneAt, now) })
				.where(eq(table.planAction.id, actionId))
				.run();
			logChange(
				tx,
				participantId,
				actorId,
				next === 'done'
					? doneSummary(action.title)
					: `${action.title} is now ${statusWords(next)}.`,
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

export type ActionLike = { title: string; dueDate: string | null; status: table.ActionStatus };

export function actionProgress(actions: ActionLike[]) {
	return { done: actions.filter((a) => a.status === 'done').length, total: actions.length };
}

/** The open action due soonest (overdue first); undated actions come last. */
export function nextAction<T extends ActionLike>(actions: T[]): T | null {
	const open = actions.filter((a) => a.status !== 'done');
	open.sort((a, b) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31'));
	return open[0] ?? null;
}
