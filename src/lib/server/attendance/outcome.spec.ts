import { describe, expect, it } from 'vitest';
import { effectiveOutcome } from './outcome';

const now = new Date('2026-03-20T12:00:00Z');

describe('effective outcome', () => {
	const base = { type: 'one_to_one' as const, bookingStatus: 'booked' as const, outcome: null };
	const start = new Date('2026-03-20T10:00:00Z');

	it('infers missed once the window has closed without a check-in', () => {
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: null },
				new Date('2026-03-20T10:30:00Z')
			)
		).toBe('upcoming');
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: null },
				new Date('2026-03-20T10:30:01Z')
			)
		).toBe('missed');
	});

	it('reads a check-in as attended or late, and a recorded outcome wins', () => {
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: new Date('2026-03-20T10:10:00Z') },
				now
			)
		).toBe('attended');
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: new Date('2026-03-20T10:11:00Z') },
				now
			)
		).toBe('late');
		expect(
			effectiveOutcome(
				{ ...base, startsAt: start, checkedInAt: null, outcome: 'missed_acceptable' },
				now
			)
		).toBe('missed_acceptable');
	});
});
