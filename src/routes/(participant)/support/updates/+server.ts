import { json } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { isSameOrigin } from '$lib/server/security/origin';
import { listThread, markThreadRead } from '$lib/server/support/messages';
import type { RequestHandler } from './$types';

/** New messages in the participant's own thread since `after`; seen ones are marked read. */
export const GET: RequestHandler = (event) => {
	const participant = requireParticipant(event);
	const after = Number(event.url.searchParams.get('after') ?? 0);
	const db = getDb();
	const messages = listThread(db, participant.id, Number.isSafeInteger(after) ? after : 0);
	if (messages.length > 0 && isSameOrigin(event.request, event.url))
		markThreadRead(db, participant.id, 'participant');
	return json({ messages });
};
