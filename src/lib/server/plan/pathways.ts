/** Pathways: the areas the participant works on, each with a goal, in the order agreed. */
import { and, asc, eq, max } from 'drizzle-orm';
import { areaLabels } from '../../plan';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector } from '../input';
import { ensureContract, planParticipant } from './contract';
import { logChange } from './history';

/** One of the participant's own pathways; a field error when it is not theirs or has gone. */
export function ownPathway(db: Db, participantId: string, pathwayId: string) {
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
	planParticipant(db, participantId);
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
