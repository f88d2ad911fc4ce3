import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldErrorsOf } from '$fixtures/test-db';
import {
	actionNeedsDoing,
	actionNeedsDoingSql,
	actionProgress,
	addAction,
	dueDateWarning,
	moveAction,
	nextAction,
	removeAction,
	setActionStatus,
	updateAction
} from './actions';
import { action, now, planFixture } from '$fixtures/plan';
import { planHistory } from './history';
import { addPathway, removePathway, swapWithNeighbour } from './pathways';
import { loadPlan } from './view';

let db: Db;
let navigatorId: string;
let participantId: string;
let enrol: (username: string, contractStart?: string) => string;

beforeEach(() => {
	({ db, navigatorId, participantId, enrol } = planFixture());
});

describe('progress', () => {
	it('counts actions done and picks the next open action, overdue first', () => {
		const actions = [
			{ title: 'later', dueDate: '2026-12-01', status: 'not_started' as const },
			{ title: 'undated', dueDate: null, status: 'in_progress' as const },
			{ title: 'overdue', dueDate: '2026-11-01', status: 'not_started' as const },
			{ title: 'done', dueDate: '2026-10-01', status: 'done' as const }
		];
		expect(actionProgress(actions)).toEqual({ done: 1, total: 4 });
		expect(nextAction(actions)?.title).toBe('overdue');
		expect(nextAction([])).toBeNull();
		expect(actionProgress([])).toEqual({ done: 0, total: 0 });
	});
});

describe('pathways and actions', () => {
	it('warns when an action is due outside the contract, and saves it anyway', () => {
		const pathwayId = addPathway(
			db,
			navigatorId,
			participantId,
			{ area: 'drugs', goal: 'Stop' },
			now
		);
		const late = addAction(
			db,
			navigatorId,
			participantId,
			pathwayId,
			action({ dueDate: '2027-03-10' }),
			now
		);
		expect(late.warning).toMatch(/after the contract ends/);
		expect(
			addAction(db, navigatorId, participantId, pathwayId, action({ dueDate: '2026-12-01' }), now)
				.warning
		).toBeNull();
		const contract = { contractStart: '2026-10-31', contractEnd: '2027-02-28' };
		expect(dueDateWarning('2026-10-01', contract, now)).toBe(
			'This is due before the contract starts on Saturday 31 October.'
		);
		// The stored end is the day the programme counts as over: the last day is the one before.
		expect(dueDateWarning('2027-02-27', contract, now)).toBeNull();
		expect(dueDateWarning('2027-02-28', contract, now)).toBe(
			'This is due after the contract ends on Saturday 27 February 2027.'
		);
		expect(loadPlan(db, participantId, now).actions.total).toBe(2);
	});

	it('checks every field and needs a partner name when a partner does it', () => {
		const pathwayId = addPathway(
			db,
			navigatorId,
			participantId,
			{ area: 'drugs', goal: 'Stop' },
			now
		);
		const fields = fieldErrorsOf(() =>
			addAction(
				db,
				navigatorId,
				participantId,
				pathwayId,
				action({ title: '', dueDate: '2026-02-30', owner: 'partner', status: 'finished' }),
				now
			)
		);
		expect(Object.keys(fields).sort()).toEqual(['dueDate', 'partnerName', 'status', 'title']);
		expect(
			fieldErrorsOf(() =>
				addPathway(db, navigatorId, participantId, { area: 'drugs', goal: 'Again' }, now)
			).area
		).toMatch(/already/);
		expect(
			fieldErrorsOf(() =>
				addPathway(db, navigatorId, participantId, { area: 'crime', goal: '' }, now)
			)
		).toHaveProperty('goal');
	});

	it('refuses ids from another participant’s plan', () => {
		const other = enrol('kerry');
		const pathwayId = addPathway(db, navigatorId, other, { area: 'housing', goal: 'Home' }, now);
		const { id } = addAction(db, navigatorId, other, pathwayId, action(), now);
		expect(
			fieldErrorsOf(() => addAction(db, navigatorId, participantId, pathwayId, action(), now))
		).toHaveProperty('pathwayId');
		expect(
			fieldErrorsOf(() => removeAction(db, navigatorId, participantId, id, now))
		).toHaveProperty('actionId');
		expect(
			fieldErrorsOf(() => setActionStatus(db, navigatorId, participantId, id, 'done', now))
		).toHaveProperty('actionId');
		expect(loadPlan(db, other, now).actions.total).toBe(1);
	});

	it('reorders actions by swapping with the neighbour', () => {
		const pathwayId = addPathway(
			db,
			navigatorId,
			participantId,
			{ area: 'housing', goal: 'Home' },
			now
		);
		const a = addAction(db, navigatorId, participantId, pathwayId, action({ title: 'A' }), now).id;
		addAction(db, navigatorId, participantId, pathwayId, action({ title: 'B' }), now);
		moveAction(db, navigatorId, participantId, a, 'down', now);
		expect(loadPlan(db, participantId, now).pathways[0].actions.map((x) => x.title)).toEqual([
			'B',
			'A'
		]);
		expect(swapWithNeighbour([{ id: 'x', position: 1 }], 'x', 'up')).toBeNull();
		removePathway(db, navigatorId, participantId, pathwayId, now);
		expect(loadPlan(db, participantId, now)).toMatchObject({
			pathways: [],
			actions: { done: 0, total: 0 }
		});
		expect(db.select().from(table.planAction).all()).toEqual([]);
	});
});

describe('needing doing', () => {
	it('is the same rule in SQL, for the caseload, as on the plan', () => {
		const pathwayId = addPathway(
			db,
			navigatorId,
			participantId,
			{ area: 'housing', goal: 'Home' },
			now
		);
		const today = '2026-11-02';
		for (const status of table.actionStatuses)
			for (const dueDate of ['', '2026-11-01', today, '2026-11-03'])
				addAction(
					db,
					navigatorId,
					participantId,
					pathwayId,
					action({ title: `${status} ${dueDate || 'undated'}`, status, dueDate }),
					now
				);
		const inSql = db
			.select({ title: table.planAction.title })
			.from(table.planAction)
			.where(actionNeedsDoingSql(today))
			.all()
			.map((a) => a.title);
		const inJavaScript = db
			.select()
			.from(table.planAction)
			.all()
			.filter((a) => actionNeedsDoing(a, today))
			.map((a) => a.title);
		expect(inSql.sort()).toEqual(inJavaScript.sort());
		expect(inSql).toEqual(['in_progress 2026-11-01', 'not_started 2026-11-01']);
	});
});

describe('what became of an action', () => {
	it('is told in the plan history, and the day it was done is kept until it is undone', () => {
		const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
		const pathwayId = addPathway(
			db,
			navigatorId,
			participantId,
			{ area: 'housing', goal: 'Home' },
			now
		);
		const { id } = addAction(
			db,
			navigatorId,
			participantId,
			pathwayId,
			action({ dueDate: '' }),
			now
		);
		const doneAt = () => loadPlan(db, participantId, now).pathways[0].actions[0].doneAt;
		setActionStatus(db, navigatorId, participantId, id, 'in_progress', day(1));
		setActionStatus(db, navigatorId, participantId, id, 'done', day(2));
		const again = action({ title: 'See the housing officer again', dueDate: '', status: 'done' });
		updateAction(db, navigatorId, participantId, id, again, day(3));
		expect(doneAt()).toEqual(day(2));
		updateAction(db, navigatorId, participantId, id, { ...again, status: 'not_started' }, day(4));
		expect(doneAt()).toBeNull();
		expect(
			planHistory(db, participantId)
				.map((c) => c.summary)
				.reverse()
		).toEqual([
			'Added an area to work on: Housing. Goal: Home',
			'New action for Housing: See the housing officer.',
			'See the housing officer is now in progress.',
			'Done: See the housing officer. Well done.',
			'Changed the action: See the housing officer again (done).',
			'Changed the action: See the housing officer again (not started).'
		]);
	});
});
