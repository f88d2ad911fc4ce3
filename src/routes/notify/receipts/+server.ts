import { error } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { recordReceipt, type Receipt } from '$lib/server/notifications/delivery';
import { bearerTokenMatches } from '$lib/server/notifications/receipts';
import type { RequestHandler } from './$types';

/** GOV.UK Notify's delivery receipt for a text or email. */
export const POST: RequestHandler = async ({ request }) => {
	const token = config().notify?.callbackToken;
	if (!token) error(404, 'Not found');
	if (!bearerTokenMatches(request.headers.get('authorization'), token)) error(401, 'Unauthorised');
	const text = await request.text();
	if (text.length > 10_000) error(413, 'Too large');
	let receipt: Receipt;
	try {
		receipt = JSON.parse(text);
	} catch {
		error(400, 'Not JSON');
	}
	recordReceipt(getDb(), receipt ?? {});
	// Unknown references are acknowledged too: Notify would otherwise keep sending them.
	return new Response(null, { status: 204 });
};
