import { londonDate, weekStart } from '../../dates';
import { isAttended, isMiss, type EffectiveOutcome } from './outcome';

export type Figures = {
	booked: number;
	attended: number;
	late: number;
	missed: number;
	missedAcceptable: number;
	/** Attended (or late) of the sessions that count: acceptable absences do not count against. */
	rate: number | null;
};

/** How many bookings have each outcome. */
export type Tally = Record<EffectiveOutcome, number>;

export const emptyTally = (): Tally => ({
	attended: 0,
	late: 0,
	missed_acceptable: 0,
	missed_unacceptable: 0,
	cancelled_by_navigator: 0,
	missed: 0,
	upcoming: 0
});

/** Figures over past sessions only (upcoming and navigator-cancelled ones are left out). */
export function figuresOf(tally: Tally): Figures {
	const attended = tally.attended + tally.late;
	const missedAcceptable = tally.missed_acceptable;
	const booked = attended + tally.missed + tally.missed_unacceptable + missedAcceptable;
	const counted = booked - missedAcceptable;
	return {
		booked,
		attended,
		late: tally.late,
		missed: tally.missed + tally.missed_unacceptable,
		missedAcceptable,
		rate: counted > 0 ? Math.round((attended / counted) * 100) : null
	};
}

export function figures(rows: { effective: EffectiveOutcome }[]): Figures {
	const tally = emptyTally();
	for (const r of rows) tally[r.effective]++;
	return figuresOf(tally);
}

/** Misses since the last attended session, newest first; acceptable absences neither count nor break the run. */
export function missesInARow(rows: { effective: EffectiveOutcome; startsAt: number }[]): number {
	const past = rows
		.filter((r) => r.effective !== 'upcoming')
		.sort((a, b) => b.startsAt - a.startsAt);
	let run = 0;
	for (const r of past) {
		if (isMiss(r.effective)) run++;
		else if (isAttended(r.effective)) break;
	}
	return run;
}

/** Attended and missed per week, oldest first, for the chart and its table. */
export function attendanceByWeek(rows: { effective: EffectiveOutcome; startsAt: number }[]) {
	const weeks = new Map<
		string,
		{ week: string; attended: number; missed: number; excused: number }
	>();
	// A quarter's report has thousands of rows on a few dozen days: work out each day's week once.
	const weekOfDay = new Map<string, string>();
	for (const r of rows) {
		if (r.effective === 'upcoming' || r.effective === 'cancelled_by_navigator') continue;
		const day = londonDate(new Date(r.startsAt));
		let key = weekOfDay.get(day);
		if (!key) {
			key = weekStart(day);
			weekOfDay.set(day, key);
		}
		const w = weeks.get(key) ?? { week: key, attended: 0, missed: 0, excused: 0 };
		if (isAttended(r.effective)) w.attended++;
		else if (isMiss(r.effective)) w.missed++;
		else w.excused++;
		weeks.set(key, w);
	}
	return [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
}
