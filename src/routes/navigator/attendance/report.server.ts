import type { RequestEvent } from '@sveltejs/kit';
import type { AttendanceFilter } from '$lib/server/attendance/bookings';
import { parseAttendanceFilter } from '$lib/server/attendance/report';
import { recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator, requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { Db } from '$lib/server/db/open';

/**
 * The signed-in navigator's attendance for the filter in the URL, read by `read` (the report
 * reads little of each booking, its CSV everything): another navigator's participant is a 404,
 * and every participant in the rows gets an audit entry for `action`.
 */
export async function auditedAttendance<Row extends { participantId: string }>(
	event: RequestEvent,
	action: string,
	read: (db: Db, filter: AttendanceFilter) => Row[]
) {
	const navigator = requireNavigator(event);
	const db = getDb();
	const filter = parseAttendanceFilter(event.url.searchParams);
	if (filter.participantId) requireNavigatorOf(event, filter.participantId, db);
	const rows = read(db, { ...filter, navigatorId: navigator.id });
	await recordAuditOfEach(
		db,
		navigator,
		rows.map((r) => r.participantId),
		{ action, detail: `${filter.from} to ${filter.to}` },
		event.locals.requestId
	);
	return { navigator, db, filter, rows };
}
