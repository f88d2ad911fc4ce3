import {
	error,
	isHttpError,
	isRedirect,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { deleteSignInCookie, signInCookieName, setSignInCookie } from '$lib/server/auth/cookie';
import { safeRedirectTarget, twoFactorPage } from '$lib/server/auth/guards';
import { validateSignInToken } from '$lib/server/auth/sign-in';
import { prepareFirstRunSetup } from '$lib/server/auth/setup';
import { config } from '$lib/server/config';
import { missingTotpKeyWarning } from '$lib/server/configuration-status';
import { getDb, getDbIfAvailable, keepOpeningDatabase, whenDatabaseOpens } from '$lib/server/db';
import { probeRoutes } from '$lib/server/health';
import { log, logRequest } from '$lib/server/log';
import { securityHeadersFor } from '$lib/server/security-headers.js';
import { notifyOffWarning } from '$lib/server/notifications/notify-config';
import { isNotifyReceipt } from '$lib/server/notifications/receipts';
import { startReminderScheduler } from '$lib/server/notifications/scheduler';
import { isCrossSiteWrite } from '$lib/server/security/origin';
import { startRetentionSchedule } from '$lib/server/retention';

export const init: ServerInit = () => {
	if (building) return;
	// A malformed setting stops the server here, before it takes a request.
	const settings = config();
	if (!settings.totpSecretKey) log.warn(missingTotpKeyWarning);
	if (!settings.notify) log.info(notifyOffWarning);
	whenDatabaseOpens((db) => {
		const setupCode = prepareFirstRunSetup(db);
		if (setupCode) {
			// The one secret the log may carry, once and whatever LOG_LEVEL says: the operator needs
			// it to create the first coordinator, and it stops working when they do.
			log
				.child({ oneTimeSetupCode: true }, { level: 'warn' })
				.warn(
					`Checkpoint has no coordinator yet. Open /setup and enter this one-time code: ${setupCode}`
				);
		}
		startRetentionSchedule(db, settings.retention);
		if (env.REMINDERS !== 'off') {
			startReminderScheduler(db, {
				subject: env.VAPID_SUBJECT || 'mailto:reminders@checkpoint.invalid',
				vapidKeys: settings.vapidKeys,
				notify: settings.notify
			});
		}
	});
	keepOpeningDatabase();
};

/** One line per request, whatever the later hooks or the route do, with no URL in it. */
const requestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	event.locals.requestId = crypto.randomUUID();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} catch (e) {
		if (isHttpError(e) || isRedirect(e)) status = e.status;
		throw e;
	} finally {
		const user = event.locals.user;
		logRequest(log, {
			method: event.request.method,
			route: event.route.id,
			status,
			durationMs: performance.now() - started,
			requestId: event.locals.requestId,
			user: user ? { id: user.id, role: user.role } : null
		});
	}
};

const withSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	for (const [name, value] of Object.entries(securityHeadersFor(event.url.origin)))
		headers.set(name, value);
	if (event.locals.user || event.cookies.get(signInCookieName)) {
		headers.set('Cache-Control', 'private, no-store');
	}
	return response;
};

const signIns: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.signIn = null;
	const token = event.cookies.get(signInCookieName);
	// Probes answer without looking at the sign-in: no cookie set, and no database read to fail.
	if (!token || building || probeRoutes.has(event.route.id ?? '')) return resolve(event);
	// Signing out works while the database is down: the device forgets the sign-in at once (a
	// shared phone must not stay signed in), and the stored one ends when it expires.
	if (event.route.id === '/logout' && !getDbIfAvailable()) return resolve(event);

	const result = validateSignInToken(getDb(), token);
	if (!result) {
		deleteSignInCookie(event.cookies, event.url);
		const response = await resolve(event);
		// The sign-in ended elsewhere (expiry, sign out everywhere): leave nothing on the device.
		response.headers.set('Clear-Site-Data', '"cache", "storage"');
		return response;
	}
	if (result.renewed) {
		setSignInCookie(event.cookies, event.url, token, result.signIn.expiresAt);
	}
	event.locals.user = result.user;
	event.locals.signIn = result.signIn;
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

/** Pages a staff sign-in may reach before its second factor: the 2FA pages and public ones. */
const reachableBeforeSecondFactor = [
	'/2fa',
	'/logout',
	'/help',
	'/offline',
	'/accessibility',
	'/privacy'
];

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

export const handle = sequence(
	requestLog,
	withSecurityHeaders,
	sameOriginWrites,
	signIns,
	secondFactorGate
);

/**
 * Unexpected errors only: SvelteKit does not call this for `error()` and `redirect()`. It also
 * comes here for requests it refuses itself (an unknown address, a method a route lacks): not
 * faults, and their errors quote the URL, so only SvelteKit's own short message is kept.
 */
export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const reference = event.locals.requestId;
	if (status < 500) return { message, reference };
	log.error({ err, requestId: reference, route: event.route.id, status }, 'Request failed');
	return { message: 'Something went wrong', reference };
};
