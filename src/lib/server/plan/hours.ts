/** Volunteering hours: the participant logs them, the navigator confirms or asks about them. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { formatDay, isIsoDate, londonDate } from '../../dates';
import { formatHours, maxHoursInADay } from '../../plan';
import type { Db } from '../db/open';
import { preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector } from '../input';
import { planParticipant } from './contract';
import { logChange } from './history';

const maxQuarterHoursPerDay = maxHoursInADay * 4;

export type HoursInput = { date: string; hours: string; place: string; note: string };

/** One of the participant's own volunteering entries, or undefined. */
function ownHoursEntry(db: Db, participantId: string, entryId: string) {
	return db
		.select()
		.from(table.volunteeringEntry)
		.where(
			and(
				eq(table.volunteeringEntry.id, entryId),
				eq(table.volunteeringEntry.participantId, participantId)
			)
		)
		.get();
}

/** '1.5' or '1:30' → quarter hours; null when it is not a whole number of quarter hours. */
export function parseQuarterHours(value: string): number | null {
	const text = value.trim();
	const clock = /^(\d{1,2}):([0-5]\d)$/.exec(text);
	const hours = clock ? Number(clock[1]) + Number(clock[2]) / 60 : Number(text);
	if (!text || !Number.isFinite(hours)) return null;
	const quarters = hours * 4;
	return Number.isInteger(quarters) ? quarters : null;
}

/** The hours typed, in quarter hours; a field error when they cannot be one day's volunteering. */
function checkHours(text: string): number {
	const quarters = parseQuarterHours(text);
	if (quarters === null)
		fieldError('hours', 'Enter hours in quarters of an hour, like 2 or 1.5 or 0.25.');
	if (quarters < 1 || quarters > maxQuarterHoursPerDay)
		fieldError('hours', `Enter between a quarter of an hour (0.25) and ${maxHoursInADay} hours.`);
	return quarters;
}

const moreThanADay = `That would be more than ${maxHoursInADay} hours on one day. Check the hours.`;

/**
 * Whether `quarters` more fit in the participant's day, as SQL, so that the write itself keeps to
 * the limit. Queried hours wait for an answer and do not count: an entry being corrected is one.
 */
function fitsInTheDay(participantId: string, date: string, quarters: number) {
	const entry = table.volunteeringEntry;
	return sql`(
		select coalesce(sum(${entry.quarterHours}), 0) from ${entry}
		where ${entry.participantId} = ${participantId} and ${entry.date} = ${date}
			and ${entry.status} != 'queried'
	) + ${quarters} <= ${maxQuarterHoursPerDay}`;
}

export function logHours(db: Db, participantId: string, input: HoursInput, now = new Date()) {
	const person = planParticipant(db, participantId);
	if (person.status !== 'active')
		fieldError('date', 'Your programme has ended, so there is no need to log more hours.');
	const { errors, check, throwIfAny } = fieldErrorCollector();
	const today = londonDate(now);
	if (!input.date) errors.date = 'Enter the date you volunteered.';
	else if (!isIsoDate(input.date)) errors.date = 'Enter a real date, like 2026-03-02.';
	else if (input.date > today) errors.date = 'The date cannot be in the future.';
	else if (input.date < person.contractStart)
		errors.date = `The date cannot be before your plan started on ${formatDay(person.contractStart, now)}.`;
	const quarters = check(() =>
		input.hours ? checkHours(input.hours) : fieldError('hours', 'Enter how many hours you did.')
	);
	check(() => checkLength('place', input.place, 'where you volunteered', 120));
	if (input.note.length > 500) errors.note = 'The note must be 500 characters or fewer.';
	throwIfAny();

	const id = crypto.randomUUID();
	db.transaction(
		(tx) => {
			const inserted = tx.run(sql`
				insert into volunteering_entry (id, participant_id, date, quarter_hours, place, note, created_at)
				select ${id}, ${participantId}, ${input.date}, ${quarters}, ${input.place}, ${input.note || null}, ${now.getTime()}
				where ${fitsInTheDay(participantId, input.date, quarters!)}`);
			if (inserted.changes !== 1) fieldError('hours', moreThanADay);
			logChange(
				tx,
				participantId,
				participantId,
				`Logged ${formatHours(quarters!)} at ${input.place} on ${formatDay(input.date, now)}.`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
	return id;
}

export function reviewHours(
	db: Db,
	actorId: string,
	participantId: string,
	entryId: string,
	decision: string,
	note: string,
	now = new Date()
) {
	if (decision !== 'confirmed' && decision !== 'queried')
		fieldError('decision', 'Choose confirm or ask about it.');
	if (decision === 'queried') checkLength('reviewNote', note, 'what you want to ask', 300);
	db.transaction(
		(tx) => {
			const entry = ownHoursEntry(tx, participantId, entryId);
			if (!entry) fieldError('entryId', 'Those hours are no longer there. Reload the page.');
			// Once the programme has ended the participant cannot answer, so a question would leave
			// the hours uncounted for good.
			if (decision === 'queried' && planParticipant(tx, participantId).status !== 'active')
				fieldError(
					'decision',
					'Their programme has ended, so they cannot answer a question. Confirm the hours or leave them.'
				);
			tx.update(table.volunteeringEntry)
				.set({
					status: decision,
					reviewNote: decision === 'queried' ? note : null,
					reviewedBy: actorId,
					reviewedAt: now,
					...(decision === 'queried' ? { answer: null, answeredAt: null } : {})
				})
				.where(eq(table.volunteeringEntry.id, entryId))
				.run();
			const what = `${formatHours(entry.quarterHours)} on ${formatDay(entry.date, now)}`;
			logChange(
				tx,
				participantId,
				actorId,
				decision === 'confirmed' ? `Confirmed ${what}.` : `Asked about ${what}: ${note}`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}

/**
 * The participant answers the navigator's question about an entry, corrects its hours, or both.
 * Either way the entry goes back to the navigator to check, with the question and the answer.
 */
export function answerHoursQuestion(
	db: Db,
	participantId: string,
	entryId: string,
	input: { answer: string; hours: string },
	now = new Date()
) {
	const answer = input.answer.trim();
	if (answer) checkLength('answer', answer, 'your answer', 500);
	const quarters = input.hours.trim() ? checkHours(input.hours) : null;
	db.transaction(
		(tx) => {
			const entry = ownHoursEntry(tx, participantId, entryId);
			if (!entry) fieldError('answer', 'Those hours are no longer there. Reload the page.');
			if (planParticipant(tx, participantId).status !== 'active')
				fieldError('answer', 'Your programme has ended, so there is nothing more to answer.');
			if (entry.status !== 'queried')
				fieldError('answer', 'Your navigator has no question about these hours now.');
			const corrected = quarters !== null && quarters !== entry.quarterHours ? quarters : null;
			if (!answer && corrected === null)
				fieldError('answer', 'Write your answer, or change the hours.');
			const updated = tx
				.update(table.volunteeringEntry)
				.set({
					status: 'logged',
					answer: answer || null,
					answeredAt: now,
					...(corrected !== null ? { quarterHours: corrected } : {})
				})
				.where(
					and(
						eq(table.volunteeringEntry.id, entryId),
						corrected !== null ? fitsInTheDay(participantId, entry.date, corrected) : undefined
					)
				)
				.run();
			if (updated.changes !== 1) fieldError('hours', moreThanADay);
			const what = `${formatHours(entry.quarterHours)} on ${formatDay(entry.date, now)}`;
			const parts = [
				corrected !== null ? `Changed ${what} to ${formatHours(corrected)}.` : null,
				answer ? `Answered about ${what}: ${answer}` : null
			];
			logChange(tx, participantId, participantId, parts.filter(Boolean).join(' '), false, now);
		},
		{ behavior: 'immediate' }
	);
}

const hoursOf = preparedQuery((db) =>
	db
		.select()
		.from(table.volunteeringEntry)
		.where(eq(table.volunteeringEntry.participantId, sql.placeholder('participantId')))
		.orderBy(desc(table.volunteeringEntry.date), desc(table.volunteeringEntry.createdAt))
		.prepare()
);

export function listHours(db: Db, participantId: string) {
	return hoursOf(db).all({ participantId });
}

export function hoursTotals(entries: { quarterHours: number; status: table.HoursStatus }[]) {
	const sum = (status: table.HoursStatus) =>
		entries.filter((e) => e.status === status).reduce((t, e) => t + e.quarterHours, 0);
	return { confirmed: sum('confirmed'), waiting: sum('logged'), queried: sum('queried') };
}
