import { error } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { auditedExport } from '$lib/server/rights/export';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const data = auditedExport(
		getDb(),
		participant,
		participant.id,
		{ format: 'page' },
		event.locals.requestId
	);
	if (!data) error(404, 'Not found');
	return { data };
};
