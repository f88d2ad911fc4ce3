import { and, asc, eq } from 'drizzle-orm';
import { addDays, daysBetween, londonDate } from '../../dates';
import { helpTopics, safetyTopics, strugglingAtOrBelow } from '../../support';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector } from '../input';
import { checkCallbackInput, requestCallback } from './callbacks';
import { alertSafetyConcern } from './safety-alerts';

/** Week 1 is the contract's first seven days; before the start it is week 1 too. */
export function programmeWeekOf(contractStart: string, today: string) {
	return Math.max(1, Math.floor(daysBetween(contractStart, today) / 7) + 1);
}

function contractStartOf(db: Db, participantId: string) {
	const row = db
		.select({ contractStart: table.participant.contractStart })
		.from(table.participant)
		.where(eq(table.participant.userId, participantId))
		.get();
	if (!row) throw new Error('Not a participant');
	return row.contractStart;
}

/** Whether this week's wellbeing answer is in, and when the next week starts. */
export function wellbeingStatus(db: Db, participantId: string, now = new Date()) {
	const contractStart = contractStartOf(db, participantId);
	const week = programmeWeekOf(contractStart, londonDate(now));
	const done = db
		.select({ score: table.wellbeingAnswer.score })
		.from(table.wellbeingAnswer)
		.where(
			and(
				eq(table.wellbeingAnswer.participantId, participantId),
				eq(table.wellbeingAnswer.week, week)
			)
		)
		.get();
	return {
		week,
		done: !!done,
		score: done?.score ?? null,
		nextWeekStarts: addDays(contractStart, week * 7)
	};
}

export type WellbeingInput = {
	score: string;
	helpWith: string[];
	note: string;
	callback: boolean;
	phone: string;
	goodTimes: string;
};

/**
 * Stores this week's wellbeing answer (once a week) and, if asked, a call request, together or not at
 * all; a need about safety also alerts someone at once (`alertSafetyConcern`). Returns whether the
 * participant said they are struggling or unsafe.
 */
export function submitWellbeing(
	db: Db,
	participantId: string,
	input: WellbeingInput,
	now = new Date()
) {
	const { errors, check, throwIfAny } = fieldErrorCollector();
	const score = Number(input.score);
	if (!Number.isInteger(score) || score < 1 || score > 5)
		errors.score = 'Choose how you are doing.';
	const known = new Set<string>(helpTopics.map((t) => t.key));
	const helpWith = [...new Set(input.helpWith)].filter((k) => known.has(k));
	const note = input.note.trim();
	check(() => checkLength('note', note, 'a note', 1000, 0));
	const callback = input.callback ? checkCallbackInput(input) : null;
	if (callback) Object.assign(errors, callback.errors);
	throwIfAny();

	const { week, done } = wellbeingStatus(db, participantId, now);
	if (done) fieldError('score', 'You have already done this week’s check-in. Thank you.');
	const id = crypto.randomUUID();
	const unsafe = helpWith.some((k) => safetyTopics.includes(k));
	db.transaction(
		(tx) => {
			const inserted = tx
				.insert(table.wellbeingAnswer)
				.values({
					id,
					participantId,
					week,
					score,
					helpWith: helpWith.join(','),
					note: note || null,
					callbackRequested: !!callback,
					concernsSafety: unsafe,
					createdAt: now
				})
				.onConflictDoNothing()
				.run();
			if (inserted.changes !== 1)
				fieldError('score', 'You have already done this week’s check-in. Thank you.');
			if (callback) requestCallback(tx, participantId, callback, now);
			if (unsafe) alertSafetyConcern(tx, participantId, { source: 'wellbeing', id }, now);
		},
		{ behavior: 'immediate' }
	);
	return { struggling: score <= strugglingAtOrBelow, unsafe, week };
}

/** Every wellbeing answer over the programme, oldest first, for the navigator's trend. */
export function wellbeingTrend(db: Db, participantId: string) {
	return db
		.select({
			week: table.wellbeingAnswer.week,
			score: table.wellbeingAnswer.score,
			helpWith: table.wellbeingAnswer.helpWith,
			note: table.wellbeingAnswer.note,
			callbackRequested: table.wellbeingAnswer.callbackRequested,
			concernsSafety: table.wellbeingAnswer.concernsSafety,
			createdAt: table.wellbeingAnswer.createdAt
		})
		.from(table.wellbeingAnswer)
		.where(eq(table.wellbeingAnswer.participantId, participantId))
		.orderBy(asc(table.wellbeingAnswer.week))
		.all()
		.map((c) => ({ ...c, helpWith: c.helpWith ? c.helpWith.split(',') : [] }));
}
