import type { SessionType } from './server/db/schema';
import { sessionTypeConfig } from './session-types';

/** When check-in opens and closes around a session's start, and when it counts as late. */
export type CheckinWindow = { opensBefore: number; closesAfter: number; lateAfter: number };

/** Minutes relative to the start, per session type, as configured in session-types.ts. */
export const checkinWindows = Object.fromEntries(
	Object.entries(sessionTypeConfig).map(([type, config]) => [
		type,
		{
			opensBefore: config.checkinOpensMinutesBefore,
			closesAfter: config.checkinClosesMinutesAfter,
			lateAfter: config.lateAfterMinutes
		}
	])
) as Record<SessionType, CheckinWindow>;

const minute = 60_000;

/** The window in milliseconds, for code that reads thousands of bookings as numbers. */
export function windowAt(type: SessionType, startsAt: number) {
	const rule = checkinWindows[type];
	return {
		opensAt: startsAt - rule.opensBefore * minute,
		closesAt: startsAt + rule.closesAfter * minute,
		lateAt: startsAt + rule.lateAfter * minute
	};
}

export function windowFor(type: SessionType, startsAt: Date) {
	const { opensAt, closesAt, lateAt } = windowAt(type, startsAt.getTime());
	return { opensAt: new Date(opensAt), closesAt: new Date(closesAt), lateAt: new Date(lateAt) };
}

export type WindowState = 'not_open' | 'open' | 'closed';

export function windowState(type: SessionType, startsAt: Date, now: Date): WindowState {
	const { opensAt, closesAt } = windowFor(type, startsAt);
	if (now < opensAt) return 'not_open';
	if (now > closesAt) return 'closed';
	return 'open';
}

/** Checking in after start + lateAfter is late; at exactly that minute it is still on time. */
export function isLate(type: SessionType, startsAt: Date, checkedInAt: Date): boolean {
	return isLateAt(type, startsAt.getTime(), checkedInAt.getTime());
}

export function isLateAt(type: SessionType, startsAt: number, checkedInAt: number): boolean {
	return checkedInAt > windowAt(type, startsAt).lateAt;
}
