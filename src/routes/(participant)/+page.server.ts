import { redirect } from '@sveltejs/kit';
import { londonDate } from '$lib/dates';
import { findParticipant } from '$lib/server/accounts';
import { landingPage, requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { unreadCount } from '$lib/server/support/messages';
import { planAtAGlance } from '$lib/server/plan/view';
import { nextBookingFor } from '$lib/server/scheduling/participant-sessions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	if (user.role !== 'participant') redirect(303, landingPage[user.role]);
	event.setHeaders({ 'X-Offline-Copy': 'participant' });
	const db = getDb();
	const now = new Date();
	const participant = findParticipant(db, user.id);
	return {
		renderedAt: now,
		today: londonDate(now),
		now,
		nextSession: nextBookingFor(db, user.id, now) ?? null,
		welcome: event.url.searchParams.has('welcome'),
		unreadMessages: unreadCount(db, user.id, 'participant'),
		programme: participant
			? {
					contractStart: participant.contractStart,
					contractEnd: participant.contractEnd,
					status: participant.status
				}
			: null,
		plan: participant ? planAtAGlance(db, user.id, now) : null
	};
};
