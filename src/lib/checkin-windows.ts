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

export function windowFor(type: SessionType, startsAt: Date) {
	const rule = checkinWindows[type];
	const start = startsAt.getTime();
	return {
		opensAt: new Date(start - rule.opensBefore * minute),
		closesAt: new Date(start + rule.closesAfter * minute),
		lateAt: new Date(start + rule.lateAfter * minute)
	};
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
	return checkedInAt > windowFor(type, startsAt).lateAt;
}
