import { error } from '@sveltejs/kit';
import { findParticipant, findUser } from '$lib/server/accounts';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { auditedExport, checkPaperRequestReason } from '$lib/server/rights/export';
import type { Actions, PageServerLoad } from './$types';

function participantNamed(id: string) {
	const db = getDb();
	const user = findUser(db, id);
	const participant = user?.role === 'participant' ? findParticipant(db, id) : undefined;
	if (!user || !participant) error(404, 'Not found');
	return { id, name: user.displayName, reference: participant.reference };
}

export const load: PageServerLoad = (event) => {
	requireCoordinator(event);
	return { participant: participantNamed(event.params.id) };
};

export const actions: Actions = {
	default: async (event) => {
		const coordinator = requireCoordinator(event);
		const { id } = participantNamed(event.params.id);
		const reason = textField(await event.request.formData(), 'reason');
		return withFieldErrors({ values: { reason } }, () => {
			checkPaperRequestReason(reason);
			const data = auditedExport(
				getDb(),
				coordinator,
				id,
				{ format: 'page', reason },
				event.locals.requestId
			);
			if (!data) error(404, 'Not found');
			return { reason, data };
		});
	}
};
