const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request from our own pages. A browser names the page's origin in `Origin` on every POST, PUT,
 * PATCH and DELETE, and sends `Sec-Fetch-Site: same-origin` on any request from our own pages; a
 * request that says neither is not ours.
 */
export function isSameOrigin(request: Request, url: URL): boolean {
	const origin = request.headers.get('origin');
	if (origin) return origin === url.origin;
	return request.headers.get('sec-fetch-site') === 'same-origin';
}

/**
 * A write that is not from our own pages. SvelteKit checks the origin of form posts only; the
 * hooks refuse every other state-changing request (JSON, text, any method but GET/HEAD) with this.
 */
export function isCrossSiteWrite(request: Request, url: URL): boolean {
	return !safeMethods.has(request.method) && !isSameOrigin(request, url);
}

/**
 * Whether the person chose to open this page: a link on our own pages, or an address typed or
 * bookmarked. A GET that another site started (a link, a redirect) must not change anything,
 * such as marking messages read.
 */
export function isOwnNavigation(request: Request) {
	const site = request.headers.get('sec-fetch-site');
	return site === 'same-origin' || site === 'none';
}
