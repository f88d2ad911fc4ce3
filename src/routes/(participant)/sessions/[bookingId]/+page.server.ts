import { error } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { placeDetailsOf } from '$lib/server/places';
import { findParticipantSession } from '$lib/server/scheduling/participant-sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const db = getDb();
	const session = findParticipantSession(db, participant.id, event.params.bookingId);
	if (!session) error(404, 'Not found');
	return {
		now: new Date(),
		session,
		place: placeDetailsOf(db, session.slot.placeId),
		booked: event.url.searchParams.has('booked')
	};
};
