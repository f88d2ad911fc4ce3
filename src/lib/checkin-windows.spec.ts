import { describe, expect, it } from 'vitest';
import { isLate, windowFor } from './checkin-windows';

const start = new Date('2026-03-10T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe('check-in window and lateness', () => {
	it('opens 15 minutes before and closes 30 minutes after the start', () => {
		const w = windowFor('one_to_one', start);
		expect(w.opensAt).toEqual(at(-15));
		expect(w.closesAt).toEqual(at(30));
	});

	it('counts as late only after start + 10 minutes', () => {
		expect(isLate('group', start, at(10))).toBe(false);
		expect(isLate('group', start, at(10.01))).toBe(true);
	});
});
