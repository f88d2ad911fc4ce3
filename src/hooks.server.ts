import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from '$lib/server/auth/cookie';
import { validateSessionToken } from '$lib/server/auth/session';
import { prepareFirstRunSetup } from '$lib/server/auth/setup';
import { getDb } from '$lib/server/db';
import { startReminderScheduler } from '$lib/server/notifications/scheduler';
import { env } from '$env/dynamic/private';

export const init: ServerInit = () => {
	if (building) return;
	const setupCode = prepareFirstRunSetup(getDb());
	if (setupCode) {
		console.log(
			`\nCheckpoint has no coordinator yet. Open /setup and enter this one-time code: ${setupCode}\n`
		);
	}
	if (env.REMINDERS !== 'off') {
		startReminderScheduler(getDb(), {
			subject: env.VAPID_SUBJECT || 'mailto:reminders@checkpoint.invalid'
		});
	}
};

const permissionsPolicy = [
	'camera=()',
	'microphone=()',
	'geolocation=()',
	'payment=()',
	'usb=()',
	'interest-cohort=()',
	'browsing-topics=()'
].join(', ');

const securityHeaders: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Permissions-Policy', permissionsPolicy);
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.locals.user || event.cookies.get(sessionCookieName)) {
		headers.set('Cache-Control', 'private, no-store');
	}
	return response;
};

const sessions: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(sessionCookieName);
	if (!token || building) return resolve(event);

	const result = validateSessionToken(getDb(), token);
	if (!result) {
		deleteSessionCookie(event.cookies, event.url);
		const response = await resolve(event);
		// The session ended elsewhere (expiry, sign out everywhere): leave nothing on the device.
		response.headers.set('Clear-Site-Data', '"cache", "storage"');
		return response;
	}
	if (result.renewed) {
		setSessionCookie(event.cookies, event.url, token, result.session.expiresAt);
	}
	event.locals.user = result.user;
	event.locals.session = result.session;
	return resolve(event);
};

export const handle = sequence(securityHeaders, sessions);
