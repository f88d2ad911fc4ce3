import { beforeEach, describe, expect, it } from 'vitest';
import { addCalendarMonths, londonToInstant } from '../../dates';
import { lastDayOf, programmeProgress } from '../../programme';
import { createStaffUser, enrolParticipant, findParticipant } from '../accounts';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { createTestDb, fieldErrorsOf, writeBeforeNextTransaction } from '../test-db';
import {
	acknowledgeContract,
	acknowledgementState,
	planAtAGlance,
	actionProgress,
	addAction,
	addPathway,
	type ActionInput,
	dueDateWarning,
	loadPlan,
	logHours,
	monthTimeline,
	moveAction,
	nextAction,
	parseQuarterHours,
	planHistory,
	recordOutcome,
	removeAction,
	removePathway,
	reviewHours,
	answerHoursQuestion,
	saveContract,
	sessionCounts,
	setActionStatus,
	swapWithNeighbour
} from '.';

const now = londonToInstant('2026-11-02', '12:00');

function action(overrides: Partial<ActionInput> = {}): ActionInput {
	return {
		title: 'See the housing officer',
		description: '',
		dueDate: '2026-11-20',
		status: 'not_started',
		owner: 'participant',
		partnerName: '',
		partnerContact: '',
		...overrides
	};
}

let db: Db;
let navigatorId: string;
let participantId: string;

function enrol(username: string, contractStart = '2026-10-31') {
	return enrolParticipant(
		db,
		{
			username,
			displayName: username,
			reference: username.toUpperCase(),
			contractStart,
			navigatorId,
			issuedBy: navigatorId
		},
		now
	).id;
}

beforeEach(() => {
	db = createTestDb();
	navigatorId = createStaffUser(db, {
		username: 'nav',
		displayName: 'Morgan Reid',
		role: 'navigator'
	});
	participantId = enrol('jordan');
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

describe('programme weeks', () => {
	it('runs from week 1 on the first day to week 17 on the last', () => {
		const start = '2026-10-31';
		const end = '2027-02-28';
		expect(programmeProgress(start, end, '2026-10-30').phase).toBe('not_started');
		expect(programmeProgress(start, end, '2026-10-31')).toMatchObject({ week: 1, daysLeft: 120 });
		expect(programmeProgress(start, end, '2026-11-06').week).toBe(1);
		expect(programmeProgress(start, end, '2026-11-07').week).toBe(2);
		expect(programmeProgress(start, end, '2027-02-27')).toMatchObject({ week: 17, daysLeft: 1 });
		expect(programmeProgress(start, end, '2027-02-28').phase).toBe('ended');
		expect(programmeProgress('2026-03-31', '2026-07-31', '2026-07-30').week).toBe(17);
	});

	it('splits the four months into a month-by-month timeline', () => {
		const months = monthTimeline(
			'2026-10-31',
			[
				{ title: 'A', dueDate: '2026-11-30', status: 'done' },
				{ title: 'B', dueDate: '2026-12-01', status: 'not_started' },
				{ title: 'C', dueDate: null, status: 'not_started' }
			],
			'2026-12-05'
		);
		expect(months.map((m) => [m.from, m.to, m.state])).toEqual([
			['2026-10-31', '2026-11-29', 'past'],
			['2026-11-30', '2026-12-30', 'current'],
			['2026-12-31', '2027-01-30', 'future'],
			['2027-01-31', '2027-02-27', 'future']
		]);
		expect(months[1].actions.map((a) => a.title)).toEqual(['A', 'B']);
		expect(months.map((m) => m.stillToDo)).toEqual([0, 1, 0, 0]);
	});

	it('ends month 4 on the same day the plan is shown to end', () => {
		const start = '2026-12-02';
		const end = addCalendarMonths(start, 4);
		expect(monthTimeline(start, [], start)[3].to).toBe(lastDayOf(end));
		expect(lastDayOf(end)).toBe('2027-04-01');
	});

	it('keeps a past month open while an action due in it is not done', () => {
		const actions = [
			{ title: 'done', dueDate: '2026-11-02', status: 'done' as const },
			{ title: 'overdue', dueDate: '2026-11-20', status: 'in_progress' as const }
		];
		const [first] = monthTimeline('2026-10-31', actions, '2026-12-05');
		expect(first).toMatchObject({ state: 'past', stillToDo: 1 });
		actions[1] = { ...actions[1], status: 'done' };
		expect(monthTimeline('2026-10-31', actions, '2026-12-05')[0].stillToDo).toBe(0);
	});
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

	it('shows overdue actions as needing doing, not done ones', () => {
		const pathwayId = addPathway(
			db,
			navigatorId,
			participantId,
			{ area: 'housing', goal: 'Home' },
			now
		);
		addAction(db, navigatorId, participantId, pathwayId, action({ dueDate: '2026-11-01' }), now);
		const { id } = addAction(
			db,
			navigatorId,
			participantId,
			pathwayId,
			action({ title: 'Done already', dueDate: '2026-11-01' }),
			now
		);
		setActionStatus(db, navigatorId, participantId, id, 'done', now);
		const plan = loadPlan(db, participantId, now);
		expect(plan.pathways[0].actions.map((a) => a.needsDoing)).toEqual([true, false]);
		expect(plan.actions).toEqual({ done: 1, total: 2 });
		expect(plan.next?.title).toBe('See the housing officer');
		expect(planAtAGlance(db, participantId, now)).toMatchObject({
			actions: { done: 1, total: 2 },
			next: { title: 'See the housing officer', dueDate: '2026-11-01', needsDoing: true }
		});
	});

	it('counts sessions attended of those booked whose time has passed', () => {
		expect(sessionCounts(db, participantId, now)).toEqual({ booked: 0, attended: 0 });
		const slot = (id: string, hoursFromNow: number) =>
			db
				.insert(table.slot)
				.values({
					id,
					navigatorId,
					type: 'one_to_one',
					title: 'Meeting',
					startsAt: new Date(now.getTime() + (hoursFromNow - 1) * 3_600_000),
					endsAt: new Date(now.getTime() + hoursFromNow * 3_600_000),
					mode: 'in_person',
					capacity: 1,
					checkinSecret: 'x'
				})
				.run();
		const book = (
			slotId: string,
			outcome: table.AttendanceOutcome | null,
			status = 'booked',
			checkedInAt: Date | null = null
		) =>
			db
				.insert(table.booking)
				.values({
					id: crypto.randomUUID(),
					slotId,
					participantId,
					bookedBy: participantId,
					outcome,
					status: status as table.BookingStatus,
					checkedInAt
				})
				.run();
		['s1', 's2', 's3', 's4', 's5', 's6', 's7'].forEach((id, i) =>
			slot(id, i < 6 ? -24 * (i + 1) : 24)
		);
		book('s1', 'attended');
		book('s2', 'late');
		book('s3', 'missed_unacceptable');
		book('s4', null, 'cancelled_by_participant');
		// Checked in, outcome not yet recorded: the caseload already shows this as attended.
		book('s5', null, 'booked', new Date(now.getTime() - 5 * 24 * 3_600_000 - 3_600_000));
		// A recorded outcome overrides the check-in, as in the caseload.
		book('s6', 'missed_acceptable', 'booked', new Date(now.getTime() - 6 * 24 * 3_600_000));
		book('s7', null);
		expect(sessionCounts(db, participantId, now)).toEqual({ booked: 5, attended: 3 });
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
		expect(
			dueDateWarning('2026-10-01', { contractStart: '2026-10-31', contractEnd: '2027-02-28' })
		).toMatch(/before the contract starts/);
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

describe('volunteering hours', () => {
	const log = (date: string, hours: string, at = now) =>
		logHours(db, participantId, { date, hours, place: 'Food bank', note: '' }, at);

	it('reads quarter hours written as decimals or clock time', () => {
		expect(parseQuarterHours('1.5')).toBe(6);
		expect(parseQuarterHours('0.25')).toBe(1);
		expect(parseQuarterHours('2:45')).toBe(11);
		expect(parseQuarterHours('1.1')).toBeNull();
		expect(parseQuarterHours('lots')).toBeNull();
	});

	it('takes 0.25 to 12 hours a day, not in the future and not before the start', () => {
		expect(fieldErrorsOf(() => log('2026-11-03', '2')).date).toMatch(/future/);
		expect(fieldErrorsOf(() => log('2026-10-30', '2')).date).toMatch(/before your plan started/);
		expect(fieldErrorsOf(() => log('2026-11-01', '0')).hours).toMatch(/between/);
		expect(fieldErrorsOf(() => log('2026-11-01', '12.5')).hours).toMatch(/between/);
		expect(fieldErrorsOf(() => log('2026-11-01', '1.2')).hours).toMatch(/quarters/);
		log('2026-11-01', '8');
		expect(fieldErrorsOf(() => log('2026-11-01', '4.25')).hours).toMatch(/more than 12 hours/);
		log('2026-11-01', '4');
		log('2026-10-31', '12');
		expect(loadPlan(db, participantId, now).hours.totals.waiting).toBe(24 * 4);
	});

	it('adds only confirmed hours to the total; a query is kept with its question', () => {
		const a = log('2026-11-01', '3');
		const b = log('2026-11-02', '2');
		reviewHours(db, navigatorId, participantId, a, 'confirmed', '', now);
		expect(
			fieldErrorsOf(() => reviewHours(db, navigatorId, participantId, b, 'queried', '', now))
		).toHaveProperty('reviewNote');
		reviewHours(db, navigatorId, participantId, b, 'queried', 'Which day was this?', now);
		const plan = loadPlan(db, participantId, now);
		expect(plan.hours.totals).toEqual({ confirmed: 12, waiting: 0, queried: 8 });
		expect(plan.hours.entries.find((e) => e.id === b)?.reviewNote).toBe('Which day was this?');
	});

	it('lets the participant answer a question or correct the hours, and sends the entry back to check', () => {
		const a = log('2026-11-01', '6');
		const answer = (input: { answer: string; hours: string }, who = participantId) =>
			answerHoursQuestion(db, who, a, input, now);
		expect(fieldErrorsOf(() => answer({ answer: 'It was 3', hours: '' })).answer).toMatch(
			/no question/
		);
		reviewHours(db, navigatorId, participantId, a, 'queried', 'Was this 6 hours or 3?', now);
		expect(fieldErrorsOf(() => answer({ answer: '', hours: '6' })).answer).toMatch(/answer/);
		expect(fieldErrorsOf(() => answer({ answer: '', hours: '1.1' })).hours).toMatch(/quarters/);
		expect(fieldErrorsOf(() => answer({ answer: 'x', hours: '' }, navigatorId)).answer).toMatch(
			/no longer there/
		);
		log('2026-11-01', '8');
		expect(fieldErrorsOf(() => answer({ answer: '', hours: '5' })).hours).toMatch(/12 hours/);

		answer({ answer: 'Sorry, it was 3: I left at lunch.', hours: '3' });
		const entry = loadPlan(db, participantId, now).hours.entries.find((e) => e.id === a)!;
		expect(entry).toMatchObject({
			status: 'logged',
			quarterHours: 12,
			reviewNote: 'Was this 6 hours or 3?',
			answer: 'Sorry, it was 3: I left at lunch.'
		});
		expect(fieldErrorsOf(() => answer({ answer: 'again', hours: '' })).answer).toMatch(
			/no question/
		);
	});

	it('stops taking hours once the programme has ended', () => {
		recordOutcome(db, navigatorId, participantId, 'completed', now);
		expect(fieldErrorsOf(() => log('2026-11-01', '2')).date).toMatch(/ended/);
		expect(findParticipant(db, participantId)?.status).toBe('completed');
	});
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
