import type { Cookies } from '@sveltejs/kit';

/**
 * Still named as when the code called a sign-in a session: renaming the cookie would sign out
 * every phone and browser on the next upgrade.
 */
export const signInCookieName = 'checkpoint_session';

function isLocalhost(hostname: string) {
	return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export function setSignInCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date) {
	cookies.set(signInCookieName, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: !isLocalhost(url.hostname),
		expires: expiresAt
	});
}

export function deleteSignInCookie(cookies: Cookies, url: URL) {
	cookies.delete(signInCookieName, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: !isLocalhost(url.hostname)
	});
}
