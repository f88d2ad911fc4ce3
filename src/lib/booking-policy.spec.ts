import { describe, expect, it } from 'vitest';
import { canCancel } from './booking-policy';

describe('cancellation cut-off', () => {
	const startsAt = new Date('2026-03-21T12:30:00Z');

	it('lets a participant cancel until exactly 24 hours before the start, and not after', () => {
		expect(canCancel(startsAt, new Date('2026-03-20T12:29:59.999Z'))).toBe(true);
		expect(canCancel(startsAt, new Date('2026-03-20T12:30:00.000Z'))).toBe(true);
		expect(canCancel(startsAt, new Date('2026-03-20T12:30:00.001Z'))).toBe(false);
	});
});
