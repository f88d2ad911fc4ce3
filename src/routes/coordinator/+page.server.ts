import { participantsWithoutActiveNavigator, programmeFigures } from '$lib/server/accounts';
import { unactedSafetyConcerns } from '$lib/server/attention/resolve';
import { recordAuditOfEach } from '$lib/server/audit';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { keptProgrammeAttendance } from '$lib/server/attendance/programme-figures';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const coordinator = requireCoordinator(event);
	const db = getDb();
	const unacted = unactedSafetyConcerns(db);
	const withoutNavigator = participantsWithoutActiveNavigator(db);
	await Promise.all([
		recordAuditOfEach(
			db,
			coordinator,
			unacted.map((c) => c.participantId),
			{ action: 'attention.unacted.view' },
			event.locals.requestId
		),
		recordAuditOfEach(
			db,
			coordinator,
			withoutNavigator.map((p) => p.participantId),
			{ action: 'participant.without_navigator.view' },
			event.locals.requestId
		)
	]);
	return {
		withoutNavigator: withoutNavigator.map(({ displayName, username, navigator }) => ({
			displayName,
			username,
			navigator
		})),
		figures: programmeFigures(db),
		attendance: await keptProgrammeAttendance(db),
		unacted: unacted.map((c) => ({
			key: c.key,
			displayName: c.displayName,
			navigator: c.navigator,
			raisedAt: c.raisedAt
		}))
	};
};
