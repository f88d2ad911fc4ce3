import { programmeFigures } from '$lib/server/accounts';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireCoordinator(event);
	return { figures: programmeFigures(getDb()) };
};
