import { json } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { requireNavigatorOf } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { isSameOrigin } from '$lib/server/security/origin';
import { listThread, markThreadRead } from '$lib/server/support/messages';
import type { RequestHandler } from './$types';

/**
 * New messages in a participant's thread since `after`, for their current navigator only.
 * Staff receiving message content is audited; an empty poll reads nothing and writes nothing.
 */
export const GET: RequestHandler = (event) => {
	const { navigator, participant } = requireNavigatorOf(event, event.params.id);
	const after = Number(event.url.searchParams.get('after') ?? 0);
	const db = getDb();
	const messages = listThread(db, participant.id, Number.isSafeInteger(after) ? after : 0);
	if (messages.length > 0) {
		recordAudit(
			db,
			navigator,
			{
				action: 'message.read',
				participantId: participant.id,
				detail: `messages ${messages[0].id}–${messages.at(-1)!.id}`
			},
			event.locals.requestId
		);
		if (isSameOrigin(event.request, event.url)) markThreadRead(db, participant.id, 'navigator');
	}
	return json({ messages });
};
