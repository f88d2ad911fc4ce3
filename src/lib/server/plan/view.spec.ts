import { beforeEach, describe, expect, it } from 'vitest';
import { contractEndFor, lastDayOf, programmeProgress } from '../../programme';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { addAction, setActionStatus } from './actions';
import { action, now, planFixture } from '$fixtures/plan';
import { addPathway } from './pathways';
import { loadPlan, monthTimeline, planAtAGlance, sessionCounts } from './view';

let db: Db;
let navigatorId: string;
let participantId: string;

beforeEach(() => {
	({ db, navigatorId, participantId } = planFixture());
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
		const end = contractEndFor(start);
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
