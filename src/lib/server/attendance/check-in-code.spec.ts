import { describe, expect, it } from 'vitest';
import { checkinCode, codeMatches, codeSecondsLeft } from './check-in-code';

describe('check-in codes', () => {
	it('are 6 digits, stable within a minute and different in the next', () => {
		const t = new Date('2026-03-10T10:00:05Z');
		const code = checkinCode('secret', t);
		expect(code).toMatch(/^\d{6}$/);
		expect(checkinCode('secret', new Date('2026-03-10T10:00:59Z'))).toBe(code);
		expect(checkinCode('secret', new Date('2026-03-10T10:01:00Z'))).not.toBe(code);
		expect(checkinCode('other secret', t)).not.toBe(code);
	});

	it('match the RFC 4226 test vector for the same key and counter', () => {
		// RFC 4226 appendix D: key "12345678901234567890", counter 1 → 287082.
		expect(checkinCode('12345678901234567890', new Date(60_000))).toBe('287082');
	});

	it('accept the current and the previous code, not older or future ones', () => {
		const t = new Date('2026-03-10T10:05:10Z');
		const minute = 60_000;
		expect(codeMatches('s', checkinCode('s', t), t)).toBe(true);
		expect(codeMatches('s', checkinCode('s', new Date(t.getTime() - minute)), t)).toBe(true);
		expect(codeMatches('s', checkinCode('s', new Date(t.getTime() - 2 * minute)), t)).toBe(false);
		expect(codeMatches('s', checkinCode('s', new Date(t.getTime() + minute)), t)).toBe(false);
	});

	it('say how long until they change', () => {
		expect(codeSecondsLeft(new Date('2026-03-10T10:00:00Z'))).toBe(60);
		expect(codeSecondsLeft(new Date('2026-03-10T10:00:45Z'))).toBe(15);
	});
});
