import { error, json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { jsonWithFieldErrors } from '$lib/server/form-actions';
import { deleteSubscription, saveSubscription } from '$lib/server/notifications/push';
import type { RequestHandler } from './$types';

async function readBody(request: Request) {
	if (!request.headers.get('content-type')?.includes('application/json')) error(415, 'Send JSON.');
	const text = await request.text();
	if (text.length > 4000) error(413, 'Too large.');
	try {
		return JSON.parse(text) as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
	} catch {
		error(400, 'Not JSON.');
	}
}

/** Turns reminders on for this browser: stores its push subscription for the signed-in user. */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const body = await readBody(event.request);
	return jsonWithFieldErrors(() => {
		saveSubscription(getDb(), user.id, body);
		return json({ on: true });
	});
};

/** Turns reminders off for this browser. */
export const DELETE: RequestHandler = async (event) => {
	const user = requireUser(event);
	const body = await readBody(event.request);
	if (typeof body.endpoint === 'string') deleteSubscription(getDb(), user.id, body.endpoint);
	return json({ on: false });
};
