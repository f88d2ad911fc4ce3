import { beforeEach, describe, expect, it } from 'vitest';
import { londonToInstant } from '../../dates';
import { programmeProgress } from '../../programme';
import { findParticipant } from '../accounts';
import type { Db } from '../db/open';
import { fieldErrorsOf } from '$fixtures/test-db';
import { getContract, saveContract } from './contract';
import { now, planFixture } from '$fixtures/plan';
import { addPathway } from './pathways';
import { loadPlan } from './view';

let db: Db;
let navigatorId: string;
let participantId: string;

beforeEach(() => {
	({ db, navigatorId, participantId } = planFixture());
});

describe('contract dates', () => {
	it('ends four calendar months after the start: 31 October → 28 February', () => {
		expect(findParticipant(db, participantId)?.contractEnd).toBe('2027-02-28');
	});

	it('keeps 29 February in a leap year when the start date moves', () => {
		const leapNow = londonToInstant('2027-11-15', '12:00');
		saveContract(
			db,
			navigatorId,
			participantId,
			{
				contractStart: '2027-10-31',
				victimCondition: false,
				communityCondition: 'volunteering',
				volunteeringTarget: '18'
			},
			leapNow
		);
		expect(findParticipant(db, participantId)?.contractEnd).toBe('2028-02-29');
	});

	it('counts weeks by London calendar days across the clocks going forward', () => {
		// The clocks go forward at 1am on Sunday 29 March 2026.
		const start = '2026-03-28';
		const end = '2026-07-28';
		expect(programmeProgress(start, end, '2026-03-28')).toMatchObject({ week: 1, daysDone: 0 });
		const justAfterMidnight = londonToInstant('2026-04-04', '00:30');
		expect(justAfterMidnight.toISOString()).toBe('2026-04-03T23:30:00.000Z');
		const plan = loadPlan(db, participantId, justAfterMidnight);
		expect(plan.today).toBe('2026-04-04');
		expect(programmeProgress(start, end, plan.today)).toMatchObject({
			week: 2,
			daysDone: 7,
			daysLeft: 115,
			totalDays: 122
		});
	});

	it('refuses a start date more than 3 months back or 1 month ahead, with a reason', () => {
		const input = {
			victimCondition: false,
			communityCondition: 'volunteering',
			volunteeringTarget: '18'
		};
		expect(
			fieldErrorsOf(() =>
				saveContract(db, navigatorId, participantId, { ...input, contractStart: '2026-07-01' }, now)
			).contractStart
		).toMatch(/3 months/);
		expect(
			fieldErrorsOf(() =>
				saveContract(db, navigatorId, participantId, { ...input, contractStart: '2026-12-05' }, now)
			).contractStart
		).toMatch(/1 month/);
		expect(findParticipant(db, participantId)?.contractStart).toBe('2026-10-31');
	});

	it('keeps the volunteering target between 18 and 36 hours', () => {
		const save = (volunteeringTarget: string, communityCondition = 'volunteering') =>
			saveContract(
				db,
				navigatorId,
				participantId,
				{
					contractStart: '2026-10-31',
					victimCondition: false,
					communityCondition,
					volunteeringTarget
				},
				now
			);
		expect(fieldErrorsOf(() => save('12')).volunteeringTarget).toMatch(/between 18 and 36/);
		expect(fieldErrorsOf(() => save('40')).volunteeringTarget).toMatch(/between 18 and 36/);
		expect(fieldErrorsOf(() => save('')).volunteeringTarget).toBeDefined();
		expect(fieldErrorsOf(() => save('18', 'jail')).communityCondition).toBeDefined();
		expect(save('', 'tag')).toContain('Your navigator wrote your contract with you.');
	});
});

describe('contract terms', () => {
	it('reads the same first terms before the contract is written and once the plan has an area', () => {
		const first = {
			victimCondition: false,
			communityCondition: 'volunteering',
			volunteeringTarget: 18
		};
		expect(getContract(db, participantId)).toEqual({ ...first, written: false });
		addPathway(db, navigatorId, participantId, { area: 'housing', goal: 'A home' }, now);
		expect(getContract(db, participantId)).toEqual({ ...first, written: true });
	});
});
