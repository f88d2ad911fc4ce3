import type { SessionMode, SessionType } from './server/db/schema';

export type CheckinMethod = 'code' | 'one_tap' | 'confirmed_by_service';

export type SessionTypeConfig = {
	/** What staff call it. */
	label: string;
	/** What a participant sees: plain words. */
	participantLabel: string;
	/** The shorter word of the attendance report, its CSV and the programme's figures. */
	reportLabel: string;
	defaultMinutes: number;
	defaultCapacity: number;
	defaultMode: SessionMode;
	/** Check-in opens this long before the start… */
	checkinOpensMinutesBefore: number;
	/** …and closes this long after it. */
	checkinClosesMinutesAfter: number;
	/** Checking in this long after the start counts as late. */
	lateAfterMinutes: number;
};

const checkinWindow = {
	checkinOpensMinutesBefore: 15,
	checkinClosesMinutesAfter: 30,
	lateAfterMinutes: 10
} as const;

export const sessionTypeConfig: Record<SessionType, SessionTypeConfig> = {
	one_to_one: {
		label: 'One-to-one',
		participantLabel: 'Meeting with your navigator',
		reportLabel: 'One-to-one',
		defaultMinutes: 45,
		defaultCapacity: 1,
		defaultMode: 'in_person',
		...checkinWindow
	},
	group: {
		label: 'Group session',
		participantLabel: 'Group session',
		reportLabel: 'Group',
		defaultMinutes: 120,
		defaultCapacity: 12,
		defaultMode: 'in_person',
		...checkinWindow
	},
	partner: {
		label: 'Partner appointment',
		participantLabel: 'Appointment with a support service',
		reportLabel: 'Partner appointment',
		defaultMinutes: 60,
		defaultCapacity: 1,
		defaultMode: 'in_person',
		...checkinWindow
	},
	volunteering: {
		label: 'Volunteering shift',
		participantLabel: 'Volunteering',
		reportLabel: 'Volunteering',
		defaultMinutes: 180,
		defaultCapacity: 6,
		defaultMode: 'in_person',
		...checkinWindow
	}
};

export const sessionModeLabel: Record<SessionMode, string> = {
	in_person: 'In person',
	phone: 'Phone call',
	video: 'Video call'
};

/**
 * In person: the code on the navigator's screen. Remote: one tap inside the window. A partner
 * appointment happens where no navigator's screen is: the service tells the navigator.
 */
export function checkinMethod(type: SessionType, mode: SessionMode): CheckinMethod {
	if (type === 'partner') return 'confirmed_by_service';
	return mode === 'in_person' ? 'code' : 'one_tap';
}

/** How a participant is told attendance is confirmed at a partner service. */
export const confirmedByServiceText =
	'There is no code for this one. The service tells your navigator that you came.';

export const sessionTypeList = Object.keys(sessionTypeConfig) as SessionType[];
export const sessionModeList = Object.keys(sessionModeLabel) as SessionMode[];
