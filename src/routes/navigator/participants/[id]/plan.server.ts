import type { RequestEvent } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { Db } from '$lib/server/db/open';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import {
	addAction,
	moveAction,
	removeAction,
	setActionStatus,
	updateAction,
	type ActionInput
} from '$lib/server/plan/actions';
import { saveContract } from '$lib/server/plan/contract';
import { reviewHours } from '$lib/server/plan/hours';
import { recordOutcome } from '$lib/server/plan/outcome';
import {
	addPathway,
	movePathway,
	removePathway,
	updatePathwayGoal,
	type Direction
} from '$lib/server/plan/pathways';

type Handler = (
	db: Db,
	navigatorId: string,
	participantId: string,
	data: FormData
) => { message: string; warning?: string | null; detail?: string };

/**
 * Each plan action: the guard, the change, its audit row, and a 400 with the values sent back
 * for a user's mistake. `target` tells the page which form the answer belongs to.
 */
function planAction(name: string, handle: Handler) {
	return async (event: RequestEvent<{ id: string }>) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const data = await event.request.formData();
		const target = textField(data, 'target') || name;
		const db = getDb();
		const values = Object.fromEntries(
			[...data.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string')
		);
		return withFieldErrors({ action: name, target, values }, () => {
			const result = handle(db, navigator.id, participant.id, data);
			recordAudit(
				db,
				navigator,
				{ action: `plan.${name}`, participantId: participant.id, detail: result.detail },
				event.locals.requestId
			);
			return { action: name, target, message: result.message, warning: result.warning ?? null };
		});
	};
}

function actionInput(data: FormData): ActionInput {
	return {
		title: textField(data, 'title'),
		description: textField(data, 'description'),
		dueDate: textField(data, 'dueDate'),
		status: textField(data, 'status') || 'not_started',
		owner: textField(data, 'owner'),
		partnerName: textField(data, 'partnerName'),
		partnerContact: textField(data, 'partnerContact')
	};
}

function direction(data: FormData): Direction {
	return textField(data, 'direction') === 'up' ? 'up' : 'down';
}

export const planActions = {
	saveContract: planAction('save_contract', (db, by, id, data) => {
		const changes = saveContract(db, by, id, {
			contractStart: textField(data, 'contractStart'),
			victimCondition: data.get('victimCondition') === 'on',
			communityCondition: textField(data, 'communityCondition'),
			volunteeringTarget: textField(data, 'volunteeringTarget')
		});
		return {
			message: changes.length
				? 'Contract saved. They will be asked to read the changes.'
				: 'Nothing had changed.',
			detail: changes.join(' | ')
		};
	}),
	addPathway: planAction('add_pathway', (db, by, id, data) => {
		const pathwayId = addPathway(db, by, id, {
			area: textField(data, 'area'),
			goal: textField(data, 'goal')
		});
		return { message: 'Area added.', detail: pathwayId };
	}),
	updatePathway: planAction('update_pathway', (db, by, id, data) => {
		const pathwayId = textField(data, 'pathwayId');
		updatePathwayGoal(db, by, id, pathwayId, textField(data, 'goal'));
		return { message: 'Goal saved.', detail: pathwayId };
	}),
	removePathway: planAction('remove_pathway', (db, by, id, data) => {
		const pathwayId = textField(data, 'pathwayId');
		removePathway(db, by, id, pathwayId);
		return { message: 'Area removed.', detail: pathwayId };
	}),
	movePathway: planAction('move_pathway', (db, by, id, data) => {
		const pathwayId = textField(data, 'pathwayId');
		movePathway(db, by, id, pathwayId, direction(data));
		return { message: 'Moved.', detail: pathwayId };
	}),
	addAction: planAction('add_action', (db, by, id, data) => {
		const result = addAction(db, by, id, textField(data, 'pathwayId'), actionInput(data));
		return { message: 'Action added.', warning: result.warning, detail: result.id };
	}),
	updateAction: planAction('update_action', (db, by, id, data) => {
		const actionId = textField(data, 'actionId');
		const result = updateAction(db, by, id, actionId, actionInput(data));
		return { message: 'Action saved.', warning: result.warning, detail: actionId };
	}),
	setActionStatus: planAction('set_action_status', (db, by, id, data) => {
		const actionId = textField(data, 'actionId');
		setActionStatus(db, by, id, actionId, textField(data, 'status'));
		return { message: 'Action updated.', detail: actionId };
	}),
	removeAction: planAction('remove_action', (db, by, id, data) => {
		const actionId = textField(data, 'actionId');
		removeAction(db, by, id, actionId);
		return { message: 'Action removed.', detail: actionId };
	}),
	moveAction: planAction('move_action', (db, by, id, data) => {
		const actionId = textField(data, 'actionId');
		moveAction(db, by, id, actionId, direction(data));
		return { message: 'Moved.', detail: actionId };
	}),
	reviewHours: planAction('review_hours', (db, by, id, data) => {
		const entryId = textField(data, 'entryId');
		const decision = textField(data, 'decision');
		reviewHours(db, by, id, entryId, decision, textField(data, 'reviewNote'));
		return {
			message: decision === 'confirmed' ? 'Hours confirmed.' : 'Question sent.',
			detail: `${entryId} ${decision}`
		};
	}),
	recordOutcome: planAction('record_outcome', (db, by, id, data) => {
		const status = textField(data, 'status');
		recordOutcome(db, by, id, status);
		return { message: 'Outcome recorded.', detail: status };
	})
};
