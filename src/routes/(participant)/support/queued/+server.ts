import { json } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { jsonWithFieldErrors } from '$lib/server/form-actions';
import { sendQueuedNotificationsNow } from '$lib/server/notifications/scheduler';
import { NotYourItem, replayMessage } from '$lib/server/offline-actions';
import type { RequestHandler } from './$types';

/** A message the participant's phone queued offline (the hooks already refuse other origins). */
export const POST: RequestHandler = async (event) => {
	const participant = requireParticipant(event);
	const item = await event.request.json().catch(() => null);
	if (!item || typeof item !== 'object')
		return json({ errors: { body: 'Not a message.' } }, { status: 400 });
	return jsonWithFieldErrors(() => {
		try {
			const replayed = replayMessage(getDb(), participant.id, item);
			if (replayed.status === 'sent' && item.concernsSafety === true) sendQueuedNotificationsNow();
			return json(replayed);
		} catch (e) {
			if (e instanceof NotYourItem) return json({ refused: true }, { status: 409 });
			throw e;
		}
	});
};
