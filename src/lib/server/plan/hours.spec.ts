import { beforeEach, describe, expect, it } from 'vitest';
import { findParticipant } from '../accounts';
import type { Db } from '../db/open';
import { fieldErrorsOf } from '$fixtures/test-db';
import { now, planFixture } from '$fixtures/plan';
import { answerHoursQuestion, logHours, parseQuarterHours, reviewHours } from './hours';
import { recordOutcome } from './outcome';
import { loadPlan } from './view';

let db: Db;
let navigatorId: string;
let participantId: string;

beforeEach(() => {
	({ db, navigatorId, participantId } = planFixture());
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

	it('stops taking hours, and questions and answers about them, once the programme has ended', () => {
		const queried = log('2026-11-01', '6');
		reviewHours(db, navigatorId, participantId, queried, 'queried', 'Was this 6 hours or 3?', now);
		recordOutcome(db, navigatorId, participantId, 'completed', now);
		expect(fieldErrorsOf(() => log('2026-11-01', '2')).date).toMatch(/ended/);
		expect(
			fieldErrorsOf(() =>
				answerHoursQuestion(db, participantId, queried, { answer: 'It was 3', hours: '3' }, now)
			).answer
		).toMatch(/ended/);
		expect(findParticipant(db, participantId)?.status).toBe('completed');
		expect(loadPlan(db, participantId, now).hours.entries).toMatchObject([
			{ id: queried, status: 'queried', quarterHours: 24, answer: null }
		]);
		// Nor can the navigator ask a question they could not answer; confirming still counts.
		expect(
			fieldErrorsOf(() =>
				reviewHours(db, navigatorId, participantId, queried, 'queried', 'Which day?', now)
			).decision
		).toMatch(/ended/);
		reviewHours(db, navigatorId, participantId, queried, 'confirmed', '', now);
		expect(loadPlan(db, participantId, now).hours.totals.confirmed).toBe(24);
	});
});
