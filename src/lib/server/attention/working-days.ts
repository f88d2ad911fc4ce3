import { addDays, londonDate, londonTime, londonToInstant } from '../../dates';

/** Saturday and Sunday in London. Bank holidays count as working days: they are not modelled. */
function isWeekend(date: string) {
	const day = new Date(`${date}T00:00:00Z`).getUTCDay();
	return day === 0 || day === 6;
}

function nextWeekday(date: string) {
	let day = date;
	while (isWeekend(day)) day = addDays(day, 1);
	return day;
}

/**
 * One working day (Monday to Friday, Europe/London) after `instant`: the same wall-clock time on
 * the next weekday. Something raised at a weekend starts the clock at midnight on Monday.
 */
export function oneWorkingDayAfter(instant: Date): Date {
	const date = londonDate(instant);
	const start = isWeekend(date) ? nextWeekday(date) : date;
	const time = start === date ? londonTime(instant) : '00:00';
	return londonToInstant(nextWeekday(addDays(start, 1)), time);
}
