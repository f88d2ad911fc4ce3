const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write from another site, or one that does not say where it comes from. Browsers send Origin
 * on every POST, PUT, PATCH and DELETE, so a missing one is not a page of ours.
 */
export function isCrossSiteWrite(request: Request, url: URL): boolean {
	if (safeMethods.has(request.method)) return false;
	const origin = request.headers.get('origin');
	if (origin) return origin !== url.origin;
	return request.headers.get('sec-fetch-site') !== 'same-origin';
}
