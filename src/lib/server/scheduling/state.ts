import { isLateAt, windowAt } from '../../checkin-windows';
import { formatTime } from '../../dates';
import { sessionStateText, type SessionState, type SessionStateKey } from '../../session-states';
import type {
	AttendanceOutcome,
	BookingStatus,
	DelayedCheckinReview,
	SessionType
} from '../db/schema';

type BookingFacts = {
	bookingStatus: BookingStatus;
	outcome: AttendanceOutcome | null;
	checkedInAt: Date | null;
	cantMakeItAt: Date | null;
	/** A check-in that reached the server after its window, waiting for the navigator. */
	delayedCheckinReview: DelayedCheckinReview | null;
	type: SessionType;
	startsAt: Date;
};

const tones: Record<SessionStateKey, SessionState['tone']> = {
	booked: 'good',
	cant_make_it: 'attention',
	checked_in: 'good',
	awaiting_confirmation: 'neutral',
	attended: 'good',
	late: 'good',
	missed_acceptable: 'neutral',
	missed_unacceptable: 'attention',
	not_checked_in: 'attention',
	cancelled: 'neutral',
	cancelled_by_navigator: 'neutral'
};

function stateKey(b: BookingFacts, now: Date): SessionStateKey {
	if (b.bookingStatus === 'cancelled_by_participant') return 'cancelled';
	if (b.bookingStatus === 'cancelled_by_navigator' || b.outcome === 'cancelled_by_navigator')
		return 'cancelled_by_navigator';
	if (b.outcome) return b.outcome;
	if (b.checkedInAt) return 'checked_in';
	if (b.delayedCheckinReview === 'pending') return 'awaiting_confirmation';
	if (now.getTime() > windowAt(b.type, b.startsAt.getTime()).closesAt) return 'not_checked_in';
	if (b.cantMakeItAt) return 'cant_make_it';
	return 'booked';
}

/**
 * Where a booking stands now, in the shared words. A recorded outcome wins; a check-in is shown
 * as such (with its time) until the navigator records one; a closed check-in window without a
 * check-in is "Not checked in".
 */
export function sessionState(b: BookingFacts, now = new Date()): SessionState & { detail: string } {
	const key = stateKey(b, now);
	const checkedInAt = key === 'checked_in' ? b.checkedInAt : null;
	return {
		key,
		label: sessionStateText(key, checkedInAt ? formatTime(checkedInAt) : undefined),
		tone: tones[key],
		checkedInAt,
		detail: staffDetail(key, b)
	};
}

/** What staff see beside the label: what they still have to decide. */
function staffDetail(key: SessionStateKey, b: BookingFacts) {
	if (key === 'not_checked_in') return 'not reviewed yet';
	if (key === 'awaiting_confirmation') return 'confirm or reject it on Today';
	if (key === 'checked_in' && b.checkedInAt)
		return isLateAt(b.type, b.startsAt.getTime(), b.checkedInAt.getTime()) ? 'late' : '';
	return '';
}

type BookingRow = {
	status: BookingStatus;
	outcome: AttendanceOutcome | null;
	checkedInAt: Date | null;
	cantMakeItAt: Date | null;
	delayedCheckinReview: DelayedCheckinReview | null;
};

/** The booking with where it stands now, in the words every page shares. */
export function withSessionState<Row extends BookingRow>(
	row: Row,
	slot: { type: SessionType; startsAt: Date },
	now: Date
) {
	return {
		...row,
		state: sessionState({ ...row, bookingStatus: row.status, ...slot }, now)
	};
}
