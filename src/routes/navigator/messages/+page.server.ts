import { recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { getWorkingHours, navigatorInbox, setWorkingHours } from '$lib/server/support/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const inbox = navigatorInbox(db, navigator.id);
	await recordAuditOfEach(
		db,
		navigator,
		inbox.map((p) => p.id),
		{ action: 'message.inbox.view' },
		event.locals.requestId
	);
	return { inbox, hours: getWorkingHours(db, navigator.id) };
};

export const actions: Actions = {
	hours: async (event) => {
		const navigator = requireNavigator(event);
		const data = await event.request.formData();
		const values = { hours: textField(data, 'hours') };
		return withFieldErrors({ values }, () => {
			setWorkingHours(getDb(), navigator.id, values.hours);
			return { saved: true };
		});
	}
};
