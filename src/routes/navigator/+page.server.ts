import { addDays, londonDate } from '$lib/dates';
import { listCaseload } from '$lib/server/accounts';
import { todayAttention } from '$lib/server/attention/lists';
import { recordAudit } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { navigatorToday } from '$lib/server/checkin';
import { liveSlotJson } from '$lib/server/checkin-qr';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

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
	recordAudit(
		db,
		navigator,
		{ action: 'attendance.today.view', detail: `${sessions.length} sessions` },
		event.locals.requestId
	);
	return {
		today,
		sessions,
		caseload: active,
		endingSoon: active.filter((p) => p.contractEnd <= addDays(today, 14)),
		awaitingActivation: active.filter((p) => !p.activated),
		attention
	};
};
