import { parseAuditFilter, searchAudit } from '$lib/server/audit-log';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireCoordinator(event);
	const { filter, errors, page } = parseAuditFilter(event.url.searchParams);
	const result = searchAudit(getDb(), filter, page);
	return { filter, errors, page, ...result };
};
