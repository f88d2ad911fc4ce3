import { error, redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from '$lib/server/auth/cookie';
import { safeRedirectTarget, twoFactorPage } from '$lib/server/auth/guards';
import { validateSessionToken } from '$lib/server/auth/session';
import { prepareFirstRunSetup } from '$lib/server/auth/setup';
import { config } from '$lib/server/config';
import { missingTotpKeyWarning } from '$lib/server/configuration-status';
import { getDb } from '$lib/server/db';
import { securityHeaders } from '$lib/server/security-headers.js';
import { notifyOffWarning } from '$lib/server/notifications/notify-config';
import { isNotifyReceipt } from '$lib/server/notifications/receipts';
import { startReminderScheduler } from '$lib/server/notifications/scheduler';
import { isCrossSiteWrite } from '$lib/server/security/origin';
import { startRetentionSchedule } from '$lib/server/retention';

export const init: ServerInit = () => {
	if (building) return;
	// A malformed setting stops the server here, before it takes a request.
	const settings = config();
	if (!settings.totpSecretKey) console.warn(missingTotpKeyWarning);
	if (!settings.notify) console.warn(notifyOffWarning);
	const db = getDb();
	const setupCode = prepareFirstRunSetup(db);
	startRetentionSchedule(db, settings.retention);
	if (setupCode) {
		console.log(
			`\nCheckpoint has no coordinator yet. Open /setup and enter this one-time code: ${setupCode}\n`
		);
	}
	if (env.REMINDERS !== 'off') {
		startReminderScheduler(db, {
			subject: env.VAPID_SUBJECT || 'mailto:reminders@checkpoint.invalid',
			vapidKeys: settings.vapidKeys,
			notify: settings.notify
		});
	}
};

const withSecurityHeaders: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	const response = await resolve(event);
	const headers = response.headers;
	for (const [name, value] of Object.entries(securityHeaders)) headers.set(name, value);
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
	event.locals.pendingTwoFactor = result.pendingTwoFactor;
	return resolve(event);
};

/**
 * SvelteKit checks Origin on form posts only. Every other state-changing request (JSON, text,
 * any method but GET/HEAD) from another site, or with no Origin at all, stops here too.
 */
const sameOriginWrites: Handle = ({ event, resolve }) => {
	const request = event.request;
	if (
		isCrossSiteWrite(request, event.url) &&
		!isNotifyReceipt(request, event.url, config().notify?.callbackToken)
	) {
		error(403, 'Cross-site requests are not allowed.');
	}
	return resolve(event);
};

/** Pages a staff session may reach before its second factor: the 2FA pages and public ones. */
const reachableBeforeSecondFactor = ['/2fa', '/logout', '/help', '/offline', '/accessibility'];

/** Backstop to the guards: nothing else is reachable until the second factor is given. */
const secondFactorGate: Handle = ({ event, resolve }) => {
	const pending = event.locals.pendingTwoFactor;
	const path = event.url.pathname;
	if (pending && !reachableBeforeSecondFactor.some((p) => path === p || path.startsWith(p + '/'))) {
		const back = safeRedirectTarget(path.replace(/\/__data\.json$/, '') + event.url.search);
		redirect(303, `${twoFactorPage[pending]}?redirectTo=${encodeURIComponent(back)}`);
	}
	return resolve(event);
};

export const handle = sequence(withSecurityHeaders, sameOriginWrites, sessions, secondFactorGate);
