import { env } from '$env/dynamic/private';
import { sessionPolicy } from '$lib/server/auth/session';
import { retentionPolicyFromEnv } from '$lib/server/retention';
import { controllerFromEnv } from '$lib/server/rights/controller';
import type { PageServerLoad } from './$types';

const day = 24 * 60 * 60 * 1000;

/** The periods come from the settings the retention job itself runs with. */
export const load: PageServerLoad = () => ({
	controller: controllerFromEnv(env),
	retention: retentionPolicyFromEnv(env),
	signedInDays: sessionPolicy.participantLifetime / day
});
