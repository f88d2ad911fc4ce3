import { addCalendarMonths, addDays, daysBetween } from './dates';

/** The programme runs for four calendar months from the contract's start. */
export const programmeMonths = 4;

/** The day the programme counts as over, stored as the contract's end. */
export function contractEndFor(contractStart: string) {
	return addCalendarMonths(contractStart, programmeMonths);
}

/** Four calendar months is at most 123 days: 17 full or part weeks. */
export const programmeWeeks = 17;

export type ProgrammeProgress = {
	week: number;
	daysLeft: number;
	totalDays: number;
	daysDone: number;
	phase: 'not_started' | 'running' | 'ended';
};

/** Where someone is in their four months, by London calendar dates. */
export function programmeProgress(
	contractStart: string,
	contractEnd: string,
	today: string
): ProgrammeProgress {
	const totalDays = daysBetween(contractStart, contractEnd);
	const elapsed = daysBetween(contractStart, today);
	if (elapsed < 0) {
		return { week: 0, daysLeft: totalDays, totalDays, daysDone: 0, phase: 'not_started' };
	}
	if (elapsed >= totalDays) {
		return { week: programmeWeeks, daysLeft: 0, totalDays, daysDone: totalDays, phase: 'ended' };
	}
	return {
		week: Math.min(programmeWeeks, Math.floor(elapsed / 7) + 1),
		daysLeft: totalDays - elapsed,
		totalDays,
		daysDone: elapsed,
		phase: 'running'
	};
}

/**
 * The last day of the four months. The stored end date is the day the programme counts as over
 * (as programmeProgress reads it), so people are shown the day before it: the same date that
 * month 4 of the plan runs to.
 */
export function lastDayOf(contractEnd: string) {
	return addDays(contractEnd, -1);
}
