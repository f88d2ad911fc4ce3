import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { acknowledgeContract, acknowledgementState } from '$lib/server/plan/acknowledgement';
import { loadPlan } from '$lib/server/plan/view';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireParticipant(event);
	const db = getDb();
	return { plan: loadPlan(db, user.id), acknowledgement: acknowledgementState(db, user.id) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireParticipant(event);
		const data = await event.request.formData();
		return withFieldErrors({}, () => {
			acknowledgeContract(getDb(), user.id, Number(textField(data, 'upToChangeId')));
			return { acknowledged: true };
		});
	}
};
