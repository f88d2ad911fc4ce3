import { caseloadAttendance } from '$lib/server/attendance';
import { recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const rows = caseloadAttendance(db, navigator.id);
	recordAuditOfEach(
		db,
		navigator,
		rows.map((row) => row.id),
		{ action: 'attendance.caseload.view' },
		event.locals.requestId
	);
	return { rows };
};
