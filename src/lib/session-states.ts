/**
 * The one set of words for where a booked session stands. Participant and staff pages show the
 * same label for the same state; staff pages may add detail beside it, never another word.
 */
export const sessionStateLabels = {
	booked: 'Booked',
	cant_make_it: "Can't make it",
	checked_in: 'Checked in',
	awaiting_confirmation: 'Check-in waiting to be confirmed',
	attended: 'Attended',
	late: 'Attended late',
	missed_acceptable: 'Missed – good reason',
	missed_unacceptable: 'Missed',
	not_checked_in: 'Not checked in',
	cancelled: 'Cancelled',
	cancelled_by_navigator: 'Cancelled by navigator'
} as const;

export type SessionStateKey = keyof typeof sessionStateLabels;

export const sessionStateKeys = Object.keys(sessionStateLabels) as SessionStateKey[];

export type SessionState = {
	key: SessionStateKey;
	/** The label, with the time for a check-in: "Checked in at 10:02am". */
	label: string;
	tone: 'good' | 'attention' | 'neutral';
	/** Set for a check-in, so a page can say "You checked in at 10:02am". */
	checkedInAt: Date | null;
};

/** What a participant is told beside a check-in that reached the server late. */
export const checkInSentLate =
	'Your check-in reached us late. Your navigator will look at it and confirm it. You do not need to do anything.';

/** The label a state shows: checked in carries its time, every other state its label alone. */
export function sessionStateText(key: SessionStateKey, checkedInTime?: string) {
	return key === 'checked_in' && checkedInTime
		? `${sessionStateLabels.checked_in} at ${checkedInTime}`
		: sessionStateLabels[key];
}

/**
 * The attendance report's outcome filter, in the same words: "attended" there takes in check-ins
 * the navigator has not reviewed, "missed" the closed windows without one.
 */
export const outcomeFilterLabels = {
	attended: sessionStateLabels.attended,
	late: sessionStateLabels.late,
	missed_acceptable: sessionStateLabels.missed_acceptable,
	missed_unacceptable: sessionStateLabels.missed_unacceptable,
	cancelled_by_navigator: sessionStateLabels.cancelled_by_navigator,
	missed: sessionStateLabels.not_checked_in,
	upcoming: sessionStateLabels.booked
} as const;

/**
 * The headings of attendance figures, in the report's weekly chart and the programme's figures:
 * the states' own words ("Missed" takes in every miss without a good reason).
 */
export const figureLabels = {
	attended: sessionStateLabels.attended,
	missed: sessionStateLabels.missed_unacceptable,
	missedAcceptable: sessionStateLabels.missed_acceptable
} as const;

/** The outcomes a navigator can record for a booking. */
export const attendanceOutcomes = [
	'attended',
	'late',
	'missed_acceptable',
	'missed_unacceptable',
	'cancelled_by_navigator'
] as const;
export type AttendanceOutcome = (typeof attendanceOutcomes)[number];
