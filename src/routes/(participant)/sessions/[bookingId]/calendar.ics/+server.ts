import { error } from '@sveltejs/kit';
import { isDiscreet } from '$lib/server/accounts';
import { requireParticipant } from '$lib/server/auth/guards';
import { bookingEvent, buildIcs } from '$lib/server/scheduling/calendar';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const participant = requireParticipant(event);
	const db = getDb();
	const found = bookingEvent(db, participant.id, event.params.bookingId);
	if (!found) error(404, 'Not found');
	return new Response(buildIcs([found], { withPlace: !isDiscreet(db, participant.id) }), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'attachment; filename="appointment.ics"',
			'Cache-Control': 'private, no-store'
		}
	});
};
