/** The plan as its pages show it: for the participant's home and plan, and the navigator's editor. */
import { and, asc, count, eq, getTableColumns, lte, sql } from 'drizzle-orm';
import { addCalendarMonths, addDays, londonDate } from '../../dates';
import { programmeMonths, programmeProgress } from '../../programme';
import { cameToSession } from '../attendance/outcome';
import type { Db } from '../db/open';
import { bound, preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { acknowledgementHistory, acknowledgementState, hasChangesToRead } from './acknowledgement';
import {
	actionNeedsDoing,
	actionProgress,
	dueDateWarning,
	nextAction,
	type ActionLike
} from './actions';
import { getContract, planParticipant } from './contract';
import { planHistory } from './history';
import { hoursTotals, listHours } from './hours';

export type PlanAction = typeof table.planAction.$inferSelect & {
	needsDoing: boolean;
	warning: string | null;
};

const pathwaysOf = preparedQuery((db) =>
	db
		.select()
		.from(table.pathway)
		.where(eq(table.pathway.participantId, bound('participantId')))
		.orderBy(asc(table.pathway.position))
		.prepare()
);

const actionsOf = preparedQuery((db) =>
	db
		.select(getTableColumns(table.planAction))
		.from(table.planAction)
		.innerJoin(table.pathway, eq(table.pathway.id, table.planAction.pathwayId))
		.where(eq(table.pathway.participantId, bound('participantId')))
		.orderBy(asc(table.planAction.position))
		.prepare()
);

export function loadPathways(
	db: Db,
	participantId: string,
	contract: { contractStart: string; contractEnd: string },
	today: string
) {
	const pathways = pathwaysOf(db).all({ participantId });
	const actions = pathways.length ? actionsOf(db).all({ participantId }) : [];
	return pathways.map((p) => ({
		...p,
		actions: actions
			.filter((a) => a.pathwayId === p.id)
			.map((a): PlanAction => ({
				...a,
				needsDoing: actionNeedsDoing(a, today),
				warning: dueDateWarning(a.dueDate, contract)
			}))
	}));
}

/** Sessions whose time has passed, and how many of them the participant came to. */
const pastSessionCounts = preparedQuery((db) =>
	db
		.select({
			booked: count(),
			attended: sql<number>`sum(case when ${cameToSession} then 1 else 0 end)`
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(
			and(
				eq(table.booking.participantId, bound('participantId')),
				table.bookingIsActive,
				sql`${table.slot.status} = 'scheduled'`,
				lte(table.slot.endsAt, bound('nowMs')),
				sql`coalesce(${table.booking.outcome}, '') != 'cancelled_by_navigator'`
			)
		)
		.prepare()
);

export function sessionCounts(db: Db, participantId: string, now = new Date()) {
	const row = pastSessionCounts(db).get({ participantId, nowMs: now.getTime() });
	return { booked: row?.booked ?? 0, attended: Number(row?.attended ?? 0) };
}

export type TimelineMonth = {
	number: number;
	from: string;
	/** Last day of the month of the programme. */
	to: string;
	state: 'past' | 'current' | 'future';
	actions: { title: string; status: table.ActionStatus; dueDate: string }[];
	/** Actions due in the month and not done: a past month is done only when this is 0. */
	stillToDo: number;
};

/** The four months, each with the actions due in it. */
export function monthTimeline(
	contractStart: string,
	actions: ActionLike[],
	today: string
): TimelineMonth[] {
	return Array.from({ length: programmeMonths }, (_, i) => {
		const from = addCalendarMonths(contractStart, i);
		const to = addDays(addCalendarMonths(contractStart, i + 1), -1);
		const due = actions
			.filter((a): a is ActionLike & { dueDate: string } => !!a.dueDate)
			.filter((a) => a.dueDate >= from && a.dueDate <= to)
			.sort((a, b) => a.dueDate.localeCompare(b.dueDate))
			.map((a) => ({ title: a.title, status: a.status, dueDate: a.dueDate }));
		return {
			number: i + 1,
			from,
			to,
			state: today > to ? 'past' : today < from ? 'future' : 'current',
			actions: due,
			stillToDo: due.filter((a) => a.status !== 'done').length
		};
	});
}

/** Everything a plan page shows, for the participant or their navigator. */
export function loadPlan(db: Db, participantId: string, now = new Date()) {
	const person = planParticipant(db, participantId);
	const today = londonDate(now);
	const contract = getContract(db, participantId);
	const pathways = loadPathways(db, participantId, person, today);
	const actions = pathways.flatMap((p) => p.actions);
	const entries = listHours(db, participantId);
	return {
		today,
		contractStart: person.contractStart,
		contractEnd: person.contractEnd,
		status: person.status,
		contract,
		pathways,
		progress: programmeProgress(person.contractStart, person.contractEnd, today),
		actions: actionProgress(actions),
		sessions: sessionCounts(db, participantId, now),
		next: nextAction(actions),
		timeline: monthTimeline(person.contractStart, actions, today),
		hours: { entries, totals: hoursTotals(entries) }
	};
}

/**
 * What the participant's home shows of their plan: how many actions are done, the next one,
 * sessions so far, and whether the contract has something new to read.
 */
export function planAtAGlance(db: Db, participantId: string, now = new Date()) {
	const today = londonDate(now);
	const actions = actionsOf(db).all({ participantId });
	const next = nextAction(actions);
	return {
		actions: actionProgress(actions),
		next: next && {
			title: next.title,
			dueDate: next.dueDate,
			needsDoing: actionNeedsDoing(next, today)
		},
		sessions: sessionCounts(db, participantId, now),
		toRead: hasChangesToRead(db, participantId)
	};
}

export type ParticipantPlan = ReturnType<typeof loadPlan>;

/** The plan editor's data for the navigator's participant page. */
export function navigatorPlan(db: Db, participantId: string, now = new Date()) {
	return {
		...loadPlan(db, participantId, now),
		history: planHistory(db, participantId),
		acknowledgements: acknowledgementHistory(db, participantId).slice(0, 5),
		acknowledgement: acknowledgementState(db, participantId)
	};
}

export type NavigatorPlan = ReturnType<typeof navigatorPlan>;
