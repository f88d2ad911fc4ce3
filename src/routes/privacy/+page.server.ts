import { signInPolicy } from '$lib/server/auth/sign-in';
import { config } from '$lib/server/config';
import type { PageServerLoad } from './$types';

const day = 24 * 60 * 60 * 1000;

/** The periods come from the settings the retention job itself runs with. */
export const load: PageServerLoad = () => ({
	controller: config().controller,
	retention: config().retention,
	signedInDays: signInPolicy.participantLifetime / day
});
