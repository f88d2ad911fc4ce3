import { redirect } from '@sveltejs/kit';
import { londonDate } from '$lib/dates';
import { findParticipant } from '$lib/server/accounts';
import { landingPage, requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { nextBookingFor } from '$lib/server/scheduling';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	if (user.role !== 'participant') redirect(303, landingPage[user.role]);
	const participant = findParticipant(getDb(), user.id);
	const now = new Date();
	return {
		today: londonDate(now),
		now,
		nextSession: nextBookingFor(getDb(), user.id, now) ?? null,
		welcome: event.url.searchParams.has('welcome'),
		programme: participant
			? {
					contractStart: participant.contractStart,
					contractEnd: participant.contractEnd,
					status: participant.status
				}
			: null
	};
};
