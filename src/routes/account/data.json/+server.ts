import { error } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { auditedExport, exportDownload } from '$lib/server/rights/export';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const participant = requireParticipant(event);
	const data = auditedExport(
		getDb(),
		participant,
		participant.id,
		{ format: 'json' },
		event.locals.requestId
	);
	if (!data) error(404, 'Not found');
	return exportDownload(data);
};
