import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { acknowledgementState, loadPlan } from '$lib/server/plan';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireParticipant(event);
	const db = getDb();
	return { plan: loadPlan(db, user.id), acknowledgement: acknowledgementState(db, user.id) };
};
