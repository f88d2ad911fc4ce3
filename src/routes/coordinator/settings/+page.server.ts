import { requireCoordinator } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { configurationStatus } from '$lib/server/configuration-status';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireCoordinator(event);
	return { status: configurationStatus(getDb(), config()) };
};
