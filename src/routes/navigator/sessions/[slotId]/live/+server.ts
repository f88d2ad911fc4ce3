import { error, json } from '@sveltejs/kit';
import { liveSlotJson, navigatorSlotLive } from '$lib/server/attendance/live-session';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** Polled by the today view: the slot's current code and check-ins, for its own navigator only. */
export const GET: RequestHandler = async (event) => {
	const navigator = requireNavigator(event);
	const live = navigatorSlotLive(getDb(), navigator.id, event.params.slotId);
	if (!live) error(404, 'Not found');
	return json(await liveSlotJson(event.url.origin, live), {
		headers: { 'Cache-Control': 'private, no-store' }
	});
};
