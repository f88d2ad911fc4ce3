import { describe, expect, it } from 'vitest';
import { buildIcs, createCalendarFeed, findFeedParticipant, revokeCalendarFeed } from './calendar';
import { now, setUp } from '$fixtures/scheduling';

describe('calendar files', () => {
	it('keeps text a navigator wrote on its own line, whatever breaks or control characters it holds', () => {
		const ics = buildIcs(
			[
				{
					uid: 'a',
					startsAt: new Date('2026-03-23T10:00:00Z'),
					endsAt: new Date('2026-03-23T10:45:00Z'),
					mode: 'video',
					place: null,
					remoteDetails: 'Call me\rURL:https://evil.example\r\nBEGIN:VALARM\nX\u0000\u001b\u2028END'
				}
			],
			{ withPlace: true },
			now
		);
		const lines = ics.split('\r\n');
		expect(lines.filter((l) => /^(URL|BEGIN:VALARM)/.test(l))).toEqual([]);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\p{Cc}\u2028]/u);
		expect(ics.replace(/\r\n /g, '')).toContain(
			'DESCRIPTION:Call me\\nURL:https://evil.example\\nBEGIN:VALARM\\nX\\nEND\r\n'
		);
	});

	it('writes UTC times either side of the clocks changing, and a discreet title', () => {
		const events: Parameters<typeof buildIcs>[0] = [
			{
				uid: 'a',
				startsAt: new Date('2026-03-23T10:00:00Z'),
				endsAt: new Date('2026-03-23T10:45:00Z'),
				mode: 'in_person',
				place: 'Room 2, 1 High Street; Durham',
				remoteDetails: null
			},
			{
				uid: 'b',
				startsAt: new Date('2026-03-30T09:00:00Z'),
				endsAt: new Date('2026-03-30T09:45:00Z'),
				mode: 'phone',
				place: null,
				remoteDetails: 'Your navigator will ring you'
			}
		];
		const ics = buildIcs(events, { withPlace: true }, now);
		expect(ics).toContain('DTSTART:20260323T100000Z\r\n');
		expect(ics).toContain('DTSTART:20260330T090000Z\r\n');
		expect(ics).toContain('LOCATION:Room 2\\, 1 High Street\\; Durham\r\n');
		expect(ics.match(/SUMMARY:Appointment/g)).toHaveLength(2);
		expect(ics).not.toMatch(/police|drug|offender/i);
		expect(ics.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(
			true
		);
	});

	it('leaves the place out in discreet mode, keeping the time and how a remote one happens', () => {
		const place = {
			uid: 'a',
			startsAt: new Date('2026-03-23T10:00:00Z'),
			endsAt: new Date('2026-03-23T10:45:00Z'),
			mode: 'in_person' as const,
			place: 'Recovery service, 3 Old Elvet',
			remoteDetails: null
		};
		const phone = { ...place, uid: 'b', mode: 'phone' as const, place: null };
		const ics = buildIcs([place, phone], { withPlace: false }, now);
		expect(ics).not.toContain('Old Elvet');
		expect(ics).toContain('DTSTART:20260323T100000Z\r\n');
		expect(ics).toContain('LOCATION:Phone call\r\n');
		expect(ics.match(/LOCATION:/g)).toHaveLength(1);
	});

	it('has one revocable feed token per participant', () => {
		const db = setUp();
		const first = createCalendarFeed(db, 'p1', now);
		expect(findFeedParticipant(db, first)).toBe('p1');
		const second = createCalendarFeed(db, 'p1', now);
		expect(findFeedParticipant(db, first)).toBeUndefined();
		expect(findFeedParticipant(db, second)).toBe('p1');
		revokeCalendarFeed(db, 'p1');
		expect(findFeedParticipant(db, second)).toBeUndefined();
		expect(findFeedParticipant(db, 'x')).toBeUndefined();
	});
});
