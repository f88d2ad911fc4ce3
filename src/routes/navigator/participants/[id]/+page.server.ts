import { recordAudit } from '$lib/server/audit';
import { issueActivationCode } from '$lib/server/auth/activation';
import { requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listSessionsOfParticipant } from '$lib/server/scheduling';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { navigator, participant } = requireNavigatorOf(event, event.params.id);
	recordAudit(
		getDb(),
		navigator,
		{ action: 'participant.view', participantId: participant.id },
		event.locals.requestId
	);
	return {
		participant,
		now: new Date(),
		sessions: listSessionsOfParticipant(getDb(), participant.id)
	};
};

export const actions: Actions = {
	newCode: (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const db = getDb();
		const issued = issueActivationCode(db, participant.id, navigator.id);
		recordAudit(
			db,
			navigator,
			{ action: 'activation_code.issue', participantId: participant.id },
			event.locals.requestId
		);
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
