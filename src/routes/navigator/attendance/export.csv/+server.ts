import { error } from '@sveltejs/kit';
import { findParticipantOfNavigator } from '$lib/server/accounts';
import { attendanceCsv, listAttendance, parseAttendanceFilter } from '$lib/server/attendance';
import { recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const filter = parseAttendanceFilter(event.url.searchParams);
	if (filter.participantId && !findParticipantOfNavigator(db, navigator.id, filter.participantId))
		error(404, 'Not found');
	const rows = listAttendance(db, { ...filter, navigatorId: navigator.id });
	recordAuditOfEach(
		db,
		navigator,
		rows.map((r) => r.participantId),
		{ action: 'attendance.export', detail: `${filter.from} to ${filter.to}` },
		event.locals.requestId
	);
	return new Response(attendanceCsv(rows), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="attendance-${filter.from}-to-${filter.to}.csv"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
