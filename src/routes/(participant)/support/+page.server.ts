import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { rawField, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { sendQueuedNotificationsNow } from '$lib/server/notifications/scheduler';
import { isOwnNavigation } from '$lib/server/security/origin';
import { currentCallback } from '$lib/server/support/callbacks';
import {
	listThread,
	markThreadRead,
	participantNavigator,
	sendMessage
} from '$lib/server/support/messages';
import { wellbeingStatus } from '$lib/server/support/wellbeing';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const db = getDb();
	const messages = listThread(db, participant.id);
	if (isOwnNavigation(event.request)) markThreadRead(db, participant.id, 'participant');
	return {
		messages,
		navigator: participantNavigator(db, participant.id),
		wellbeing: wellbeingStatus(db, participant.id),
		callback: currentCallback(db, participant.id),
		clientKey: crypto.randomUUID()
	};
};

export const actions: Actions = {
	send: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		const values = {
			body: rawField(data, 'body'),
			concernsSafety: data.get('concernsSafety') === 'yes' ? 'yes' : ''
		};
		return withFieldErrors({ values }, () => {
			sendMessage(getDb(), {
				participantId: participant.id,
				senderId: participant.id,
				senderRole: 'participant',
				body: values.body,
				clientKey: textField(data, 'clientKey'),
				concernsSafety: values.concernsSafety === 'yes'
			});
			if (values.concernsSafety) sendQueuedNotificationsNow();
			return { sent: true };
		});
	}
};
