import { describe, expect, it } from 'vitest';
import { sessionStateLabels } from '../../session-states';
import { sessionState } from './state';

const startsAt = new Date('2026-03-21T10:00:00Z');
const booking = {
	bookingStatus: 'booked' as const,
	outcome: null,
	checkedInAt: null,
	cantMakeItAt: null,
	delayedCheckinReview: null,
	type: 'one_to_one' as const,
	startsAt
};
const at = (time: string) => new Date(`2026-03-21T${time}:00Z`);

describe('session state', () => {
	it('is booked until the check-in window closes, then not checked in', () => {
		expect(sessionState(booking, at('09:00')).key).toBe('booked');
		expect(sessionState(booking, at('10:30')).key).toBe('booked');
		expect(sessionState(booking, at('10:31'))).toMatchObject({
			key: 'not_checked_in',
			label: 'Not checked in',
			detail: 'not reviewed yet'
		});
	});

	it('shows a check-in with its London time, whatever else was said before', () => {
		const checkedIn = { ...booking, cantMakeItAt: at('08:00'), checkedInAt: at('10:02') };
		expect(sessionState(checkedIn, at('10:05'))).toMatchObject({
			key: 'checked_in',
			label: 'Checked in at 10:02am',
			detail: ''
		});
		expect(sessionState({ ...checkedIn, checkedInAt: at('10:20') }, at('12:00'))).toMatchObject({
			label: 'Checked in at 10:20am',
			detail: 'late'
		});
	});

	it('shows a check-in that arrived late as waiting, until the navigator decides', () => {
		const sent = { ...booking, delayedCheckinReview: 'pending' as const };
		expect(sessionState(sent, at('12:00'))).toMatchObject({
			key: 'awaiting_confirmation',
			label: 'Check-in waiting to be confirmed',
			tone: 'neutral',
			detail: 'confirm or reject it on Today'
		});
		// Confirmed, it is a check-in at the time the phone gave; rejected, none was made.
		const confirmed = {
			...sent,
			delayedCheckinReview: 'confirmed' as const,
			checkedInAt: at('10:02')
		};
		expect(sessionState(confirmed, at('12:00')).label).toBe('Checked in at 10:02am');
		expect(
			sessionState({ ...sent, delayedCheckinReview: 'rejected' as const }, at('12:00')).key
		).toBe('not_checked_in');
		expect(sessionState({ ...sent, outcome: 'missed_acceptable' }, at('12:00')).key).toBe(
			'missed_acceptable'
		);
	});

	it('lets a recorded outcome or a cancellation win over a check-in', () => {
		const checkedIn = { ...booking, checkedInAt: at('10:02') };
		expect(sessionState({ ...checkedIn, outcome: 'late' }, at('12:00')).label).toBe(
			'Attended late'
		);
		expect(
			sessionState({ ...booking, bookingStatus: 'cancelled_by_participant' }, at('09:00')).key
		).toBe('cancelled');
		expect(
			sessionState({ ...booking, bookingStatus: 'cancelled_by_navigator' }, at('09:00')).key
		).toBe('cancelled_by_navigator');
		expect(sessionState({ ...booking, cantMakeItAt: at('08:00') }, at('09:00')).label).toBe(
			"Can't make it"
		);
	});

	it('only ever shows a label from the shared set', () => {
		const labels = Object.values(sessionStateLabels) as string[];
		for (const outcome of [
			null,
			'attended',
			'late',
			'missed_acceptable',
			'missed_unacceptable'
		] as const)
			for (const now of [at('09:00'), at('12:00')])
				expect(labels).toContain(sessionState({ ...booking, outcome }, now).label);
	});
});
