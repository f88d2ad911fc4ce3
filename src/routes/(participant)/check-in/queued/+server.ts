import { json } from '@sveltejs/kit';
import { replayCheckIn } from '$lib/server/attendance/offline-check-ins';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { jsonWithFieldErrors } from '$lib/server/form-actions';
import { NotYourItem } from '$lib/server/offline-actions';
import type { RequestHandler } from './$types';

/** A check-in the participant's phone queued offline (the hooks already refuse other origins). */
export const POST: RequestHandler = async (event) => {
	const participant = requireParticipant(event);
	const item = await event.request.json().catch(() => null);
	if (!item || typeof item !== 'object')
		return json({ errors: { code: 'Not a check-in.' } }, { status: 400 });
	return jsonWithFieldErrors(() => {
		try {
			const result = replayCheckIn(getDb(), participant.id, item);
			return result.ok ? json(result) : json(result, { status: 400 });
		} catch (e) {
			if (e instanceof NotYourItem) return json({ refused: true }, { status: 409 });
			throw e;
		}
	});
};
