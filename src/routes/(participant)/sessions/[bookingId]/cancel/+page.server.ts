import { error } from '@sveltejs/kit';
import { canCancelBooking } from '$lib/scheduling-rules';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { findParticipantSession } from '$lib/server/scheduling/participant-sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const now = new Date();
	const session = findParticipantSession(getDb(), participant.id, event.params.bookingId, now);
	if (!session) error(404, 'Not found');
	return {
		now,
		session,
		cancellable: session.state.key === 'booked' && canCancelBooking(session.slot.startsAt, now)
	};
};
