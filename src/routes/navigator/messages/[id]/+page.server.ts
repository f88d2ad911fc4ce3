import { recordAudit } from '$lib/server/audit';
import { requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { rawField, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { isOwnNavigation } from '$lib/server/security/origin';
import { callTimeInWords } from '$lib/support';
import { markCallbackDone, openCallbacks, setCallTime } from '$lib/server/support/callbacks';
import {
	getWorkingHours,
	listThread,
	markThreadRead,
	sendMessage
} from '$lib/server/support/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { navigator, participant } = requireNavigatorOf(event, event.params.id);
	const db = getDb();
	recordAudit(
		db,
		navigator,
		{ action: 'message.read', participantId: participant.id },
		event.locals.requestId
	);
	const messages = listThread(db, participant.id);
	if (isOwnNavigation(event.request)) markThreadRead(db, participant.id, 'navigator');
	return {
		participant: { id: participant.id, displayName: participant.displayName },
		messages,
		callbacks: openCallbacks(db, participant.id).map((c) => ({
			id: c.id,
			phone: c.phone,
			goodTimes: c.goodTimes,
			createdAt: c.createdAt,
			callAt: c.callAt
		})),
		hours: getWorkingHours(db, navigator.id),
		clientKey: crypto.randomUUID()
	};
};

export const actions: Actions = {
	send: async (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const data = await event.request.formData();
		const values = { body: rawField(data, 'body') };
		const db = getDb();
		return withFieldErrors({ action: 'send', values }, () => {
			const sent = sendMessage(db, {
				participantId: participant.id,
				senderId: navigator.id,
				senderRole: 'navigator',
				body: values.body,
				clientKey: textField(data, 'clientKey')
			});
			if (!sent.duplicate)
				recordAudit(
					db,
					navigator,
					{ action: 'message.send', participantId: participant.id, detail: `message ${sent.id}` },
					event.locals.requestId
				);
			return { action: 'send', sent: true };
		});
	},
	callbackDone: async (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const data = await event.request.formData();
		const db = getDb();
		return withFieldErrors({ action: 'callbackDone' }, () => {
			markCallbackDone(db, navigator.id, participant.id, textField(data, 'callbackId'));
			recordAudit(
				db,
				navigator,
				{ action: 'callback.done', participantId: participant.id },
				event.locals.requestId
			);
			return { action: 'callbackDone', done: 'Call request marked as done.' };
		});
	},
	callTime: async (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const data = await event.request.formData();
		const values = { callDate: textField(data, 'callDate'), callTime: textField(data, 'callTime') };
		const db = getDb();
		return withFieldErrors({ action: 'callTime', values }, () => {
			const set = setCallTime(db, navigator.id, participant.id, textField(data, 'callbackId'), {
				date: values.callDate,
				time: values.callTime
			});
			if (set.changed)
				recordAudit(
					db,
					navigator,
					{
						action: 'callback.time',
						participantId: participant.id,
						detail: `call at ${set.callAt.toISOString()}`
					},
					event.locals.requestId
				);
			return {
				action: 'callTime',
				done: `Call time set: ${callTimeInWords(set.callAt)}. We have let ${participant.displayName} know.`
			};
		});
	}
};
