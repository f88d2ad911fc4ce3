import { issueActivationCode } from '$lib/server/auth/activation';
import { requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { participant } = requireNavigatorOf(event, event.params.id);
	return { participant };
};

export const actions: Actions = {
	newCode: (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const issued = issueActivationCode(getDb(), participant.id, navigator.id);
		return {
			issued: {
				displayName: participant.displayName,
				username: participant.username,
				code: issued.code,
				expiresAt: issued.expiresAt
			}
		};
	}
};
