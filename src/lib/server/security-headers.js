/**
 * Headers every response carries. Shared by hooks.server.ts (pages rendered by SvelteKit) and
 * server.js (which also covers the static files and prerendered pages served before any hook).
 * Plain JavaScript so that server.js can import it without a build step.
 */
export const securityHeaders = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Permissions-Policy': [
		'camera=()',
		'microphone=()',
		'geolocation=()',
		'payment=()',
		'usb=()',
		'interest-cohort=()',
		'browsing-topics=()'
	].join(', ')
};

/**
 * The headers for a site at this origin: over https, also Strict-Transport-Security, so a browser
 * that has been here once never again sends a sign-in cookie over plain http.
 * @param {string | undefined} origin
 * @returns {Record<string, string>}
 */
export function securityHeadersFor(origin) {
	return origin?.startsWith('https://')
		? { ...securityHeaders, 'Strict-Transport-Security': 'max-age=31536000' }
		: securityHeaders;
}

/**
 * For responses SvelteKit did not render (static files, prerendered pages): the page's own policy
 * sits in a meta tag, which cannot say frame-ancestors, so this one adds what it cannot.
 */
export const staticContentSecurityPolicy =
	"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
