import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, cookies, url }) => {
	if (locals.session) invalidateSession(getDb(), locals.session.id);
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
