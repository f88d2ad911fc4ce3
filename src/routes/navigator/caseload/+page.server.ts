import { caseloadAttendance } from '$lib/server/attendance';
import { recordAudits } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const rows = caseloadAttendance(db, navigator.id);
	recordAudits(
		db,
		navigator,
		rows.map((row) => ({ action: 'attendance.caseload.view', participantId: row.id })),
		event.locals.requestId
	);
	return { rows };
};
