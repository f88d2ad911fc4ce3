import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { askForCallback, currentCallback } from '$lib/server/support/callbacks';
import { participantNavigator } from '$lib/server/support/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const db = getDb();
	return {
		navigator: participantNavigator(db, participant.id),
		open: currentCallback(db, participant.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		const values = { phone: textField(data, 'phone'), goodTimes: textField(data, 'goodTimes') };
		return withFieldErrors({ values }, () => {
			askForCallback(getDb(), participant.id, values);
			return { requested: true };
		});
	}
};
