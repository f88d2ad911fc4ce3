/**
 * Dates for people in the UK. Calendar dates are 'YYYY-MM-DD' strings in Europe/London;
 * instants are Date objects (UTC). Shared by server and browser: no dependencies.
 */
export const timeZone = 'Europe/London';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The years a date in this programme can fall in. Outside them, date arithmetic breaks: a year
 * before 100 is read by Date.UTC as 19xx, and a week after 9999-12-31 has no 'YYYY-MM-DD'.
 */
export const firstYear = 1900;
export const lastYear = 2199;

/** A real calendar date, 'YYYY-MM-DD', within firstYear and lastYear. */
export function isIsoDate(value: string): boolean {
	const match = isoDatePattern.exec(value);
	if (!match) return false;
	const [, y, m, d] = match.map(Number);
	if (y < firstYear || y > lastYear) return false;
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isTime(value: string): boolean {
	return timePattern.test(value);
}

function parts(date: string): [number, number, number] {
	const match = isoDatePattern.exec(date);
	if (!match) throw new Error(`Not a calendar date: ${date}`);
	return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function toIso(y: number, m: number, d: number): string {
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Adds calendar months, keeping the day where it exists and else using the month's last day. */
export function addCalendarMonths(date: string, months: number): string {
	const [y, m, d] = parts(date);
	const monthIndex = m - 1 + months;
	const year = y + Math.floor(monthIndex / 12);
	const month = ((monthIndex % 12) + 12) % 12;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return toIso(year, month + 1, Math.min(d, lastDay));
}

/** The Monday (London calendar) of the week holding `date`. */
export function weekStart(date: string): string {
	const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
	return addDays(date, -((weekday + 6) % 7));
}

export function addDays(date: string, days: number): string {
	const [y, m, d] = parts(date);
	const next = new Date(Date.UTC(y, m - 1, d + days));
	return toIso(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/** Whole days from `from` to `to` (calendar dates, so clock changes do not matter). */
export function daysBetween(from: string, to: string): number {
	const [y1, m1, d1] = parts(from);
	const [y2, m2, d2] = parts(to);
	return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
	timeZone,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

const hourMs = 3_600_000;
const offsetByHour = new Map<number, number>();

/**
 * London's offset from UTC during the UTC hour holding `instant`. Clocks change on the hour, so
 * one lookup serves the whole hour; formatting with Intl on every call was a hot spot on busy
 * pages.
 */
function londonOffset(instant: Date) {
	const hour = Math.floor(instant.getTime() / hourMs);
	const known = offsetByHour.get(hour);
	if (known !== undefined) return known;
	const f: Record<string, number> = {};
	for (const part of londonParts.formatToParts(hour * hourMs)) {
		if (part.type !== 'literal') f[part.type] = Number(part.value);
	}
	const offset = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - hour * hourMs;
	if (offsetByHour.size >= 10_000) offsetByHour.clear();
	offsetByHour.set(hour, offset);
	return offset;
}

/** A Date whose UTC fields read as London's wall clock at `instant`. */
function londonWall(instant: Date) {
	return new Date(instant.getTime() + londonOffset(instant));
}

function londonFields(instant: Date) {
	const wall = londonWall(instant);
	return {
		year: wall.getUTCFullYear(),
		month: wall.getUTCMonth() + 1,
		day: wall.getUTCDate(),
		hour: wall.getUTCHours(),
		minute: wall.getUTCMinutes(),
		second: wall.getUTCSeconds()
	};
}

/** The calendar date in London at an instant. */
export function londonDate(instant: Date): string {
	const f = londonFields(instant);
	return toIso(f.year, f.month, f.day);
}

/** 'HH:MM' in London at an instant. */
export function londonTime(instant: Date): string {
	const f = londonFields(instant);
	return `${String(f.hour).padStart(2, '0')}:${String(f.minute).padStart(2, '0')}`;
}

/**
 * The instant at which London's wall clock shows `date` `time`. In the spring gap the clock
 * time does not exist and the following valid instant is used; in the autumn overlap, the
 * first (BST) one.
 */
export function londonToInstant(date: string, time: string): Date {
	const [y, m, d] = parts(date);
	const [hh, mm] = time.split(':').map(Number);
	const wallAsUtc = Date.UTC(y, m - 1, d, hh, mm);
	for (const offsetHours of [1, 0]) {
		const candidate = new Date(wallAsUtc - offsetHours * 3_600_000);
		const f = londonFields(candidate);
		if (Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute) === wallAsUtc) return candidate;
	}
	return new Date(wallAsUtc - 0);
}

// Names written out rather than formatted with Intl: pages format dozens of dates each, and Intl
// formatting was a hot spot on busy pages.
const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

// A busy page formats dozens of times: each reads London's wall clock once, as a Date whose UTC
// fields are London's, rather than going through a 'YYYY-MM-DD' string and back.

function timeOnWall(wall: Date) {
	const hours = wall.getUTCHours();
	const suffix = hours < 12 ? 'am' : 'pm';
	const minutes = wall.getUTCMinutes();
	return `${hours % 12 === 0 ? 12 : hours % 12}:${minutes < 10 ? '0' : ''}${minutes}${suffix}`;
}

function dayText(year: number, month: number, date: number, weekday: number, now: Date) {
	const thisYear = year === londonWall(now).getUTCFullYear();
	return `${weekdays[weekday]} ${date} ${months[month - 1]}${thisYear ? '' : ` ${year}`}`;
}

function dayOnWall(wall: Date, now: Date) {
	return dayText(
		wall.getUTCFullYear(),
		wall.getUTCMonth() + 1,
		wall.getUTCDate(),
		wall.getUTCDay(),
		now
	);
}

/** '10:00am', '2:30pm' */
export function formatTime(instant: Date): string {
	return timeOnWall(londonWall(instant));
}

/** 'Tuesday 3 March' (with the year when it is not the current one). */
export function formatDay(value: Date | string, now = new Date()): string {
	if (typeof value !== 'string') return dayOnWall(londonWall(value), now);
	const [y, m, d] = parts(value);
	return dayText(y, m, d, new Date(Date.UTC(y, m - 1, d)).getUTCDay(), now);
}

/** 'Tuesday 3 March, 10:00am' */
export function formatDateTime(instant: Date, now = new Date()): string {
	const wall = londonWall(instant);
	return `${dayOnWall(wall, now)}, ${timeOnWall(wall)}`;
}
