import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { rawField, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { sendQueuedNotificationsNow } from '$lib/server/notifications/scheduler';
import { participantNavigator } from '$lib/server/support/messages';
import { submitWellbeing, wellbeingStatus } from '$lib/server/support/wellbeing';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const db = getDb();
	return {
		status: wellbeingStatus(db, participant.id),
		navigator: participantNavigator(db, participant.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		const helpWith = data.getAll('helpWith').filter((v): v is string => typeof v === 'string');
		const values = {
			score: textField(data, 'score'),
			helpWith: helpWith.join(','),
			note: rawField(data, 'note'),
			callback: data.get('callback') === 'yes' ? 'yes' : '',
			phone: textField(data, 'phone'),
			goodTimes: textField(data, 'goodTimes')
		};
		return withFieldErrors({ values }, () => {
			const result = submitWellbeing(getDb(), participant.id, {
				...values,
				helpWith,
				callback: values.callback === 'yes'
			});
			if (result.unsafe) sendQueuedNotificationsNow();
			return {
				done: true,
				struggling: result.struggling || result.unsafe,
				callback: values.callback === 'yes'
			};
		});
	}
};
