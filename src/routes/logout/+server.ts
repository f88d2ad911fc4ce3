import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { deleteSubscription } from '$lib/server/notifications/push';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, cookies, url, request }) => {
	if (locals.session && locals.user) {
		const db = getDb();
		const pushEndpoint = (await request.formData().catch(() => null))?.get('pushEndpoint');
		if (typeof pushEndpoint === 'string' && pushEndpoint)
			deleteSubscription(db, locals.user.id, pushEndpoint);
		invalidateSession(db, locals.session.id);
	}
	deleteSessionCookie(cookies, url);
	return new Response(null, {
		status: 303,
		headers: {
			Location: '/login?signedOut=1',
			// Nothing of this user may stay on the device: cached pages, storage, worker caches.
			'Clear-Site-Data': '"cache", "storage"'
		}
	});
};
