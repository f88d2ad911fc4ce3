import { createHash, timingSafeEqual } from 'node:crypto';

/** Where GOV.UK Notify posts delivery receipts (set it as the callback URL in Notify's settings). */
export const receiptsPath = '/notify/receipts';

/** Compares hashes, so neither the token's content nor its length shows in the timing. */
export function bearerTokenMatches(authorization: string | null, token: string | null | undefined) {
	if (!token || !authorization?.startsWith('Bearer ')) return false;
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(authorization.slice('Bearer '.length)), digest(token));
}

/**
 * Notify's receipts come from a server, with no Origin: the one write let past the same-origin
 * check, and only with the callback token.
 */
export function isNotifyReceipt(request: Request, url: URL, token: string | null | undefined) {
	return (
		request.method === 'POST' &&
		url.pathname === receiptsPath &&
		bearerTokenMatches(request.headers.get('authorization'), token)
	);
}
