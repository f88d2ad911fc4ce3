import { describe, expect, it } from 'vitest';
import { daysAgo } from '$fixtures/attendance';
import { attendanceByWeek, figures, missesInARow } from './figures';

describe('figures', () => {
	const rows = (outcomes: string[]) =>
		outcomes.map((effective, i) => ({
			effective,
			startsAt: daysAgo(outcomes.length - i).getTime()
		})) as never[];

	it('counts misses in a row since the last attendance, skipping acceptable absences', () => {
		expect(missesInARow(rows(['attended', 'missed', 'missed_unacceptable']))).toBe(2);
		expect(
			missesInARow(rows(['missed', 'attended', 'missed', 'missed_acceptable', 'missed']))
		).toBe(2);
		expect(missesInARow(rows(['missed', 'late']))).toBe(0);
		expect(missesInARow(rows(['missed', 'missed', 'upcoming']))).toBe(2);
	});

	it('gives an attendance rate where acceptable absences do not count against', () => {
		const f = figures(rows(['attended', 'late', 'missed', 'missed_acceptable', 'upcoming']));
		expect(f).toMatchObject({
			booked: 4,
			attended: 2,
			late: 1,
			missed: 1,
			missedAcceptable: 1,
			rate: 67
		});
		expect(figures([]).rate).toBeNull();
	});

	it('groups by London week, Monday first', () => {
		const weeks = attendanceByWeek([
			{ effective: 'attended', startsAt: Date.parse('2026-03-16T10:00:00Z') },
			{ effective: 'missed', startsAt: Date.parse('2026-03-22T23:30:00Z') },
			{ effective: 'late', startsAt: Date.parse('2026-03-09T10:00:00Z') }
		]);
		expect(weeks).toEqual([
			{ week: '2026-03-09', attended: 1, missed: 0, excused: 0 },
			{ week: '2026-03-16', attended: 1, missed: 1, excused: 0 }
		]);
	});
});
