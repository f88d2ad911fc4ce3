import { describe, expect, it } from 'vitest';
import { addCalendarMonths, formatDateTime, isIsoDate, londonDate, londonToInstant } from './dates';

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
	});
});
