import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { fieldErrorsOf, writeBeforeNextTransaction } from '$fixtures/test-db';
import { acknowledgeContract, acknowledgementState } from './acknowledgement';
import { addAction } from './actions';
import { saveContract } from './contract';
import { action, now, planFixture } from '$fixtures/plan';
import { planHistory } from './history';
import { addPathway } from './pathways';
import { planAtAGlance } from './view';

let db: Db;
let navigatorId: string;
let participantId: string;
let enrol: (username: string, contractStart?: string) => string;

beforeEach(() => {
	({ db, navigatorId, participantId, enrol } = planFixture());
});

describe('acknowledgement', () => {
	const terms = {
		contractStart: '2026-10-31',
		victimCondition: false,
		communityCondition: 'volunteering',
		volunteeringTarget: '18'
	};

	it('asks for a first reading, then only for what changed in the contract', () => {
		expect(acknowledgementState(db, participantId).nothingToRead).toBe(true);
		expect(planAtAGlance(db, participantId, now).toRead).toBe(false);
		saveContract(db, navigatorId, participantId, terms, now);
		addPathway(db, navigatorId, participantId, { area: 'housing', goal: 'A home' }, now);
		let state = acknowledgementState(db, participantId);
		expect(state).toMatchObject({ nothingToRead: false, firstTime: true });
		expect(state.changes).toHaveLength(2);
		expect(planAtAGlance(db, participantId, now).toRead).toBe(true);

		acknowledgeContract(db, participantId, state.latestChangeId, now);
		state = acknowledgementState(db, participantId);
		expect(state).toMatchObject({ firstTime: false, changes: [], lastAcknowledgedAt: now });
		expect(planAtAGlance(db, participantId, now).toRead).toBe(false);

		expect(planHistory(db, participantId)).toHaveLength(2);
		expect(saveContract(db, navigatorId, participantId, terms, now)).toEqual([]);
		const changes = saveContract(
			db,
			navigatorId,
			participantId,
			{ ...terms, victimCondition: true, volunteeringTarget: '24' },
			now
		);
		expect(changes).toEqual([
			'Added: take part in putting things right with the person affected.',
			'Your volunteering target is now 24 hours.'
		]);
		state = acknowledgementState(db, participantId);
		expect(state.changes.map((c) => c.summary)).toEqual(changes);
		expect(planAtAGlance(db, participantId, now).toRead).toBe(true);
		acknowledgeContract(db, participantId, state.latestChangeId, now);
		expect(acknowledgementState(db, participantId).changes).toEqual([]);
		expect(planAtAGlance(db, participantId, now).toRead).toBe(false);
	});

	it('records the same change once when two saves of it arrive together', () => {
		const moved = { ...terms, contractStart: '2026-11-02' };
		writeBeforeNextTransaction(db, () => saveContract(db, navigatorId, participantId, moved, now));
		expect(saveContract(db, navigatorId, participantId, moved, now)).toEqual([]);
		expect(planHistory(db, participantId).map((c) => c.summary)).toEqual([
			'Your start date moved from Saturday 31 October to Monday 2 November. Your plan now ends on Tuesday 2 March 2027.',
			'Your navigator wrote your contract with you.'
		]);
	});

	it('does not ask again for action updates, which are not contract changes', () => {
		const pathwayId = addPathway(
			db,
			navigatorId,
			participantId,
			{ area: 'housing', goal: 'A home' },
			now
		);
		acknowledgeContract(
			db,
			participantId,
			acknowledgementState(db, participantId).latestChangeId,
			now
		);
		addAction(db, navigatorId, participantId, pathwayId, action(), now);
		expect(acknowledgementState(db, participantId).changes).toEqual([]);
		expect(planAtAGlance(db, participantId, now).toRead).toBe(false);
		expect(planHistory(db, participantId)[0]).toMatchObject({ by: 'Morgan Reid' });
	});

	it('refuses an acknowledgement of another participant’s change', () => {
		const other = enrol('kerry');
		addPathway(db, navigatorId, other, { area: 'housing', goal: 'A home' }, now);
		const theirs = acknowledgementState(db, other).latestChangeId;
		expect(fieldErrorsOf(() => acknowledgeContract(db, participantId, theirs, now))).toHaveProperty(
			'acknowledge'
		);
		expect(
			fieldErrorsOf(() => acknowledgeContract(db, participantId, Number.NaN, now))
		).toHaveProperty('acknowledge');
	});
});
