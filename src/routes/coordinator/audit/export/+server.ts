import { recordAudit } from '$lib/server/audit';
import { auditCsv, parseAuditFilter } from '$lib/server/audit-log';
import { requireCoordinator } from '$lib/server/auth/guards';
import { csvHeaders } from '$lib/server/csv';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The filtered log as CSV. Disclosing the log is itself logged. */
export const GET: RequestHandler = (event) => {
	const coordinator = requireCoordinator(event);
	const { filter } = parseAuditFilter(event.url.searchParams);
	const db = getDb();
	const csv = auditCsv(db, filter);
	recordAudit(
		db,
		coordinator,
		{ action: 'audit.export', detail: JSON.stringify(filter) },
		event.locals.requestId
	);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(csv, { headers: csvHeaders(`checkpoint-audit-${day}.csv`) });
};
