import { caseloadAttendance } from '$lib/server/attendance';
import { recordAudit } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const rows = caseloadAttendance(db, navigator.id);
	for (const row of rows)
		recordAudit(
			db,
			navigator,
			{ action: 'attendance.caseload.view', participantId: row.id },
			event.locals.requestId
		);
	return { rows };
};
