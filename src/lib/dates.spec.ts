import { describe, expect, it } from 'vitest';
import {
	addCalendarMonths,
	formatDateTime,
	formatDay,
	isIsoDate,
	londonDate,
	londonTime,
	londonToInstant
} from './dates';

describe('London dates', () => {
	it('adds four calendar months, using the last day where the day does not exist', () => {
		expect(addCalendarMonths('2026-10-31', 4)).toBe('2027-02-28');
		expect(addCalendarMonths('2027-10-31', 4)).toBe('2028-02-29');
		expect(addCalendarMonths('2028-02-29', 4)).toBe('2028-06-29');
		expect(addCalendarMonths('2026-03-15', 4)).toBe('2026-07-15');
		expect(addCalendarMonths('2026-01-31', -3)).toBe('2025-10-31');
	});

	it('maps London wall-clock times to instants across the clocks changing', () => {
		expect(londonToInstant('2026-03-28', '10:00').toISOString()).toBe('2026-03-28T10:00:00.000Z');
		expect(londonToInstant('2026-03-30', '10:00').toISOString()).toBe('2026-03-30T09:00:00.000Z');
		expect(londonToInstant('2026-10-26', '10:00').toISOString()).toBe('2026-10-26T10:00:00.000Z');
		expect(londonToInstant('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
	});

	it('changes the clock at 1am UTC, to the second', () => {
		expect(londonTime(new Date('2026-03-29T00:59:59Z'))).toBe('00:59');
		expect(londonTime(new Date('2026-03-29T01:00:00Z'))).toBe('02:00');
		expect(londonTime(new Date('2026-10-25T00:59:59Z'))).toBe('01:59');
		expect(londonTime(new Date('2026-10-25T01:00:00Z'))).toBe('01:00');
	});

	it('agrees with the time zone database every 17 minutes for a year', () => {
		const reference = new Intl.DateTimeFormat('en-CA', {
			timeZone: 'Europe/London',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		});
		const start = Date.UTC(2026, 0, 1);
		for (let t = start; t < start + 366 * 86_400_000; t += 17 * 60_000) {
			const instant = new Date(t);
			const [date, time] = reference.format(instant).split(', ');
			expect(`${londonDate(instant)} ${londonTime(instant)}`).toBe(`${date} ${time}`);
		}
	});

	it('names days as the time zone database does, with the year only when it is not this one', () => {
		const thisYear = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/London',
			weekday: 'long',
			day: 'numeric',
			month: 'long'
		});
		const otherYear = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/London',
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			year: 'numeric'
		});
		const now = new Date('2026-06-01T12:00:00Z');
		for (let t = Date.UTC(2025, 11, 1); t < Date.UTC(2027, 1, 1); t += 5 * 3_600_000 + 7 * 60_000) {
			const instant = new Date(t);
			const format = londonDate(instant).startsWith('2026') ? thisYear : otherYear;
			expect(formatDay(instant, now)).toBe(format.format(instant).replace(',', ''));
		}
		expect(formatDay('2027-01-05', now)).toBe('Tuesday 5 January 2027');
	});

	it('knows the London date late at night in summer', () => {
		expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
	});

	it('writes dates like "Tuesday 3 March, 10:00am"', () => {
		const now = new Date('2026-01-01T12:00:00Z');
		expect(formatDateTime(londonToInstant('2026-03-03', '10:00'), now)).toBe(
			'Tuesday 3 March, 10:00am'
		);
		expect(formatDateTime(londonToInstant('2026-07-14', '14:30'), now)).toBe(
			'Tuesday 14 July, 2:30pm'
		);
	});

	it('checks calendar dates', () => {
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2026-13-01')).toBe(false);
		expect(isIsoDate('0001-01-01')).toBe(false);
		expect(isIsoDate('9999-12-31')).toBe(false);
		expect(isIsoDate('2199-12-31')).toBe(true);
	});
});
