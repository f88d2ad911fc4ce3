import { redirect } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import type { RequestHandler } from './$types';

/**
 * The weekly wellbeing page's first address, still held in phones' history and in notifications
 * sent before it moved. Permanent, so a bookmark learns the new one; guarded like the page, so the
 * address answers nobody else either.
 */
export const GET: RequestHandler = (event) => {
	requireParticipant(event);
	redirect(308, '/support/wellbeing');
};
