import { addDays, londonDate } from '$lib/dates';
import { listCaseload } from '$lib/server/accounts';
import { todayAttention } from '$lib/server/attention/lists';
import {
	delayedCheckinsToReview,
	reviewDelayedCheckin
} from '$lib/server/attendance/delayed-check-ins';
import { liveSlotJson, navigatorToday } from '$lib/server/attendance/live-session';
import { recordAudit, recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { fieldError, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const now = new Date();
	const today = londonDate(now);
	const caseload = listCaseload(db, navigator.id);
	const attention = todayAttention(db, navigator.id, now);
	const active = caseload.filter((p) => p.status === 'active');
	const sessions = await Promise.all(
		navigatorToday(db, navigator.id, now).map((s) => liveSlotJson(event.url.origin, s))
	);
	const delayedCheckins = delayedCheckinsToReview(db, navigator.id);
	await recordAuditOfEach(
		db,
		navigator,
		[
			...active.map((p) => p.id),
			...attention.map((f) => f.participantId),
			...sessions.flatMap((s) => s.attendees.map((a) => a.participantId)),
			...delayedCheckins.map((c) => c.participantId)
		],
		{ action: 'attendance.today.view', detail: `${sessions.length} sessions` },
		event.locals.requestId
	);
	return {
		today,
		sessions,
		delayedCheckins,
		caseload: active,
		endingSoon: active.filter((p) => p.contractEnd <= addDays(today, 14)),
		awaitingActivation: active.filter((p) => !p.activated),
		attention
	};
};

const decisions = { confirm: 'confirmed', reject: 'rejected' } as const;

export const actions: Actions = {
	reviewCheckin: async (event) => {
		const navigator = requireNavigator(event);
		const data = await event.request.formData();
		const decision = decisions[textField(data, 'decision') as keyof typeof decisions];
		const bookingId = textField(data, 'bookingId');
		const db = getDb();
		return withFieldErrors({ action: 'reviewCheckin' }, () => {
			if (!decision) fieldError(`checkin-${bookingId}`, 'Choose whether they were there.');
			const participantId = reviewDelayedCheckin(db, navigator.id, bookingId, decision);
			recordAudit(
				db,
				navigator,
				{
					action: `checkin.delayed.${decision === 'confirmed' ? 'confirm' : 'reject'}`,
					participantId,
					detail: bookingId
				},
				event.locals.requestId
			);
			return { action: 'reviewCheckin', decided: decision };
		});
	}
};
