import { beforeEach, describe, expect, it } from 'vitest';
import { findParticipant } from '../accounts';
import type { Db } from '../db/open';
import { fieldErrorsOf } from '$fixtures/test-db';
import { now, planFixture } from '$fixtures/plan';
import { planHistory } from './history';
import { recordOutcome } from './outcome';

let db: Db;
let navigatorId: string;
let participantId: string;

beforeEach(() => {
	({ db, navigatorId, participantId } = planFixture());
});

describe('outcome', () => {
	it('records an outcome once in the plan history, and refuses what is not an outcome', () => {
		expect(
			fieldErrorsOf(() => recordOutcome(db, navigatorId, participantId, 'expelled', now))
		).toHaveProperty('status');
		recordOutcome(db, navigatorId, participantId, 'completed', now);
		recordOutcome(db, navigatorId, participantId, 'completed', now);
		expect(findParticipant(db, participantId)?.status).toBe('completed');
		expect(planHistory(db, participantId).map((c) => c.summary)).toEqual([
			'Programme outcome recorded: Completed.'
		]);
	});
});
