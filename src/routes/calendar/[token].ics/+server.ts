import { error } from '@sveltejs/kit';
import { isDiscreet } from '$lib/server/accounts';
import { buildIcs, feedEvents, findFeedParticipant } from '$lib/server/scheduling/calendar';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The private feed a phone calendar polls: the unguessable token is the only credential. */
export const GET: RequestHandler = ({ params }) => {
	const db = getDb();
	const participantId = findFeedParticipant(db, params.token);
	if (!participantId) error(404, 'Not found');
	const withPlace = !isDiscreet(db, participantId);
	return new Response(buildIcs(feedEvents(db, participantId), { withPlace }), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Cache-Control': 'private, no-store',
			'Referrer-Policy': 'no-referrer'
		}
	});
};
