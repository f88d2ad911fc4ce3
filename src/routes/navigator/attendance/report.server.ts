import type { RequestEvent } from '@sveltejs/kit';
import { listAttendance, parseAttendanceFilter } from '$lib/server/attendance';
import { recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator, requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';

/**
 * The signed-in navigator's attendance rows for the filter in the URL, as the report and its
 * CSV both show them: another navigator's participant is a 404, and every participant in the
 * rows gets an audit entry for `action`.
 */
export function auditedAttendance(event: RequestEvent, action: string) {
	const navigator = requireNavigator(event);
	const db = getDb();
	const filter = parseAttendanceFilter(event.url.searchParams);
	if (filter.participantId) requireNavigatorOf(event, filter.participantId, db);
	const rows = listAttendance(db, { ...filter, navigatorId: navigator.id });
	recordAuditOfEach(
		db,
		navigator,
		rows.map((r) => r.participantId),
		{ action, detail: `${filter.from} to ${filter.to}` },
		event.locals.requestId
	);
	return { navigator, db, filter, rows };
}
