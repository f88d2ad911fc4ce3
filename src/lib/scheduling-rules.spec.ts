import { describe, expect, it } from 'vitest';
import { canCancelBooking, canCancelSlot, isSlotOpen } from './scheduling-rules';

const at = (time: string) => new Date(`2026-03-21T${time}Z`);

describe('cancellation cut-off', () => {
	const startsAt = new Date('2026-03-21T12:30:00Z');

	it('lets a participant cancel until exactly 24 hours before the start, and not after', () => {
		expect(canCancelBooking(startsAt, new Date('2026-03-20T12:29:59.999Z'))).toBe(true);
		expect(canCancelBooking(startsAt, new Date('2026-03-20T12:30:00.000Z'))).toBe(true);
		expect(canCancelBooking(startsAt, new Date('2026-03-20T12:30:00.001Z'))).toBe(false);
	});
});

describe("a navigator's slot", () => {
	const slot = {
		status: 'scheduled' as const,
		startsAt: at('10:00:00.000'),
		endsAt: at('10:45:00.000')
	};

	it('can be changed until it starts, and cancelled until it ends', () => {
		expect(isSlotOpen(slot, at('09:59:59.999'))).toBe(true);
		expect(isSlotOpen(slot, at('10:00:00.000'))).toBe(false);
		expect(canCancelSlot(slot, at('10:44:59.999'))).toBe(true);
		expect(canCancelSlot(slot, at('10:45:00.000'))).toBe(false);
	});

	it('can be neither once it is cancelled', () => {
		const cancelled = { ...slot, status: 'cancelled' as const };
		expect(isSlotOpen(cancelled, at('09:00:00.000'))).toBe(false);
		expect(canCancelSlot(cancelled, at('09:00:00.000'))).toBe(false);
	});
});
