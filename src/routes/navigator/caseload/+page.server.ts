import { caseloadWithAttention } from '$lib/server/attention/lists';
import { recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const rows = caseloadWithAttention(db, navigator.id);
	await recordAuditOfEach(
		db,
		navigator,
		rows.map((row) => row.id),
		{ action: 'attendance.caseload.view' },
		event.locals.requestId
	);
	// Only what the table shows goes to the page: a caseload's rows carry much more, and each
	// reason's key (a kind and an id) is for recording it dealt with, on the participant's page.
	return {
		rows: rows.map((row) => ({
			id: row.id,
			displayName: row.displayName,
			attention: row.attention.map(({ kind, severity, label, since }) => ({
				kind,
				severity,
				label,
				since
			})),
			finished: row.status !== 'active',
			week: row.progress.phase === 'not_started' ? null : row.progress.week,
			attended: row.figures.attended,
			booked: row.figures.booked,
			rate: row.figures.rate,
			missesInARow: row.missesInARow,
			nextBookingAt: row.nextBookingAt,
			lastContactAt: row.lastContactAt
		}))
	};
};
