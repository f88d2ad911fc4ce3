import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { acknowledgementState } from '$lib/server/plan/acknowledgement';
import { loadPlan } from '$lib/server/plan/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireParticipant(event);
	event.setHeaders({ 'X-Offline-Copy': 'participant' });
	const db = getDb();
	return {
		renderedAt: new Date(),
		plan: loadPlan(db, user.id),
		acknowledgement: acknowledgementState(db, user.id)
	};
};
