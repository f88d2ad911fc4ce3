import { participantAttendance } from '$lib/server/attendance';
import { recordAudit } from '$lib/server/audit';
import { issueActivationCode } from '$lib/server/auth/activation';
import { requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { participantSupport } from '$lib/server/support/attention';
import { navigatorPlan } from '$lib/server/plan';
import { listSessionsOfParticipant } from '$lib/server/scheduling';
import type { Actions, PageServerLoad } from './$types';
import { planActions } from './plan.server';

export const load: PageServerLoad = (event) => {
	const { navigator, participant } = requireNavigatorOf(event, event.params.id);
	const db = getDb();
	recordAudit(
		db,
		navigator,
		{ action: 'participant.view', participantId: participant.id },
		event.locals.requestId
	);
	return {
		participant,
		plan: navigatorPlan(db, participant.id),
		attendance: participantAttendance(db, participant.id),
		support: participantSupport(db, participant.id),
		now: new Date(),
		sessions: listSessionsOfParticipant(db, participant.id)
	};
};

export const actions: Actions = {
	...planActions,
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
				expiresAt: issued.expiresAt,
				reset: participant.activated
			}
		};
	}
};
