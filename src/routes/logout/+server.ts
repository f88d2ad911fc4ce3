import { deleteSignInCookie } from '$lib/server/auth/cookie';
import { endSignIn } from '$lib/server/auth/sign-in';
import { getDb } from '$lib/server/db';
import { log } from '$lib/server/log';
import { deleteSubscription } from '$lib/server/notifications/push';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, cookies, url, request }) => {
	if (locals.signIn) {
		const db = getDb();
		endSignIn(db, locals.signIn.id);
		const pushEndpoint = (await request.formData().catch(() => null))?.get('pushEndpoint');
		if (typeof pushEndpoint === 'string' && pushEndpoint) {
			// Signing out must finish even if forgetting the reminders does not.
			try {
				deleteSubscription(db, locals.signIn.userId, pushEndpoint);
			} catch (err) {
				log.error(
					{ err, requestId: locals.requestId },
					'Could not forget push reminders at sign-out'
				);
			}
		}
	}
	deleteSignInCookie(cookies, url);
	return new Response(null, {
		status: 303,
		headers: {
			Location: '/login?signedOut=1',
			// Nothing of this user may stay on the device: cached pages, storage, worker caches.
			'Clear-Site-Data': '"cache", "storage"'
		}
	});
};
