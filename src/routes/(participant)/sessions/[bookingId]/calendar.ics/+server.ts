import { error } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { bookingEvent, buildIcs } from '$lib/server/calendar';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const participant = requireParticipant(event);
	const found = bookingEvent(getDb(), participant.id, event.params.bookingId);
	if (!found) error(404, 'Not found');
	return new Response(buildIcs([found]), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'attachment; filename="appointment.ics"',
			'Cache-Control': 'private, no-store'
		}
	});
};
