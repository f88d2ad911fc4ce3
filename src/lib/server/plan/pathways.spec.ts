import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { fieldErrorsOf } from '$fixtures/test-db';
import { acknowledgeContract, acknowledgementState } from './acknowledgement';
import { now, planFixture } from '$fixtures/plan';
import { planHistory } from './history';
import { addPathway, movePathway, removePathway, updatePathwayGoal } from './pathways';
import { loadPlan } from './view';

let db: Db;
let navigatorId: string;
let participantId: string;
let enrol: (username: string, contractStart?: string) => string;

beforeEach(() => {
	({ db, navigatorId, participantId, enrol } = planFixture());
});

const add = (area: string, goal: string, who = participantId) =>
	addPathway(db, navigatorId, who, { area, goal }, now);

describe('pathways', () => {
	it('changes a goal and asks for it to be read; the same goal again changes nothing', () => {
		const housing = add('housing', 'A home');
		updatePathwayGoal(db, navigatorId, participantId, housing, 'A home of my own', now);
		updatePathwayGoal(db, navigatorId, participantId, housing, 'A home of my own', now);
		expect(
			fieldErrorsOf(() => updatePathwayGoal(db, navigatorId, participantId, housing, '', now))
		).toHaveProperty('goal');
		expect(loadPlan(db, participantId, now).pathways[0].goal).toBe('A home of my own');
		expect(acknowledgementState(db, participantId).changes.map((c) => c.summary)).toEqual([
			'Added an area to work on: Housing. Goal: A home',
			'New goal for Housing: A home of my own'
		]);
	});

	it('moves an area up the list, not past the top, without asking for a new reading', () => {
		add('housing', 'A home');
		const drugs = add('drugs', 'Stop');
		const state = acknowledgementState(db, participantId);
		acknowledgeContract(db, participantId, state.latestChangeId, now);
		movePathway(db, navigatorId, participantId, drugs, 'up', now);
		movePathway(db, navigatorId, participantId, drugs, 'up', now);
		expect(loadPlan(db, participantId, now).pathways.map((p) => p.area)).toEqual([
			'drugs',
			'housing'
		]);
		expect(acknowledgementState(db, participantId).changes).toEqual([]);
		expect(
			planHistory(db, participantId)
				.map((c) => c.summary)
				.filter((summary) => summary.startsWith('Moved'))
		).toEqual(['Moved Drugs up the list.']);
	});

	it('refuses an area from another participant’s plan', () => {
		const theirs = add('housing', 'A home', enrol('kerry'));
		const refusals = [
			() => updatePathwayGoal(db, navigatorId, participantId, theirs, 'Mine', now),
			() => movePathway(db, navigatorId, participantId, theirs, 'up', now),
			() => removePathway(db, navigatorId, participantId, theirs, now)
		];
		for (const refused of refusals) expect(fieldErrorsOf(refused)).toHaveProperty('pathwayId');
		expect(acknowledgementState(db, participantId).nothingToRead).toBe(true);
	});
});
