import { enrolParticipant } from '$lib/server/accounts';
import { recordAudit } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireNavigator(event);
};

export const actions: Actions = {
	default: async (event) => {
		const navigator = requireNavigator(event);
		const data = await event.request.formData();
		const values = {
			displayName: textField(data, 'displayName'),
			username: textField(data, 'username'),
			reference: textField(data, 'reference'),
			contractStart: textField(data, 'contractStart')
		};
		return withFieldErrors({ values }, () => {
			const db = getDb();
			const enrolled = enrolParticipant(db, {
				...values,
				navigatorId: navigator.id,
				issuedBy: navigator.id
			});
			recordAudit(
				db,
				navigator,
				{ action: 'participant.enrol', participantId: enrolled.id },
				event.locals.requestId
			);
			return {
				enrolled: {
					id: enrolled.id,
					displayName: values.displayName,
					username: enrolled.username,
					code: enrolled.code,
					expiresAt: enrolled.expiresAt
				}
			};
		});
	}
};
