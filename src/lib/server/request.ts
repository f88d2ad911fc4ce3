/**
 * For JSON endpoints that change something: SvelteKit checks the origin of form posts only.
 * A browser names the page's origin in `Origin` on a POST or DELETE, and sends
 * `Sec-Fetch-Site: same-origin` on any request from our own pages.
 */
export function isSameOrigin(request: Request, url: URL) {
	const origin = request.headers.get('origin');
	if (origin) return origin === url.origin;
	return request.headers.get('sec-fetch-site') === 'same-origin';
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
