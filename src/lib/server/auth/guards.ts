import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { findParticipantOfNavigator } from '../accounts';
import { getDb } from '../db';
import type { Role } from '../db/schema';
import type { SignInUser } from './sign-in';

/**
 * Only a path on this site: '/x', never '//host' or '/\host' or a scheme. The check is on the
 * path as normalised, which is what is returned: '/.//host' and '/x/..//host' become '//host'.
 */
export function safeRedirectTarget(value: string | null | undefined): string {
	if (!value || !value.startsWith('/')) return '/';
	try {
		const url = new URL(value, 'http://checkpoint.invalid');
		const target = url.pathname + url.search;
		if (url.origin !== 'http://checkpoint.invalid' || /^\/[/\\]/.test(target)) return '/';
		return target;
	} catch {
		return '/';
	}
}

export const landingPage: Record<Role, string> = {
	participant: '/',
	navigator: '/navigator',
	coordinator: '/coordinator'
};

export const twoFactorPage = { setup: '/2fa/setup', verify: '/2fa' } as const;

/**
 * Signed out: off to sign in, then back here. A staff sign-in that still owes its second factor
 * goes to set it up or give it first.
 */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SignInUser {
	const user = event.locals.user;
	const back = encodeURIComponent(safeRedirectTarget(event.url.pathname + event.url.search));
	if (!user) redirect(303, `/login?redirectTo=${back}`);
	const pending = event.locals.pendingTwoFactor;
	if (pending) redirect(303, `${twoFactorPage[pending]}?redirectTo=${back}`);
	return user;
}

/** The second-factor pages: signed in, with or without the second factor given. */
export function requireSignedIn(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = event.locals.user;
	if (!user || !event.locals.signIn) redirect(303, '/login');
	return { user, signIn: event.locals.signIn, pending: event.locals.pendingTwoFactor ?? null };
}

function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, role: Role) {
	const user = requireUser(event);
	if (user.role !== role) error(403, 'This page is not part of your account.');
	return user;
}

export function requireParticipant(event: Pick<RequestEvent, 'locals' | 'url'>) {
	return requireRole(event, 'participant');
}

export function requireNavigator(event: Pick<RequestEvent, 'locals' | 'url'>) {
	return requireRole(event, 'navigator');
}

export function requireCoordinator(event: Pick<RequestEvent, 'locals' | 'url'>) {
	return requireRole(event, 'coordinator');
}

/**
 * A navigator and one participant of their own caseload. Anyone else's participant is a 404,
 * so the record's existence is not revealed.
 */
export function requireNavigatorOf(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	participantId: string,
	db = getDb()
) {
	const navigator = requireNavigator(event);
	const participant = findParticipantOfNavigator(db, navigator.id, participantId);
	if (!participant) error(404, 'Not found');
	return { navigator, participant };
}
