import type { Cookies } from '@sveltejs/kit';

export const sessionCookieName = 'checkpoint_session';

function isLocalhost(hostname: string) {
	return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date) {
	cookies.set(sessionCookieName, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: !isLocalhost(url.hostname),
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(sessionCookieName, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: !isLocalhost(url.hostname)
	});
}
