import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { landingPage, requireSignedIn, safeRedirectTarget, twoFactorPage } from './guards';
import { getDb } from '../db';
import { tooManyTries } from './throttle';
import { twoFactorThrottle, type PendingTwoFactor } from './two-factor';

/** The signed-in staff member who owes exactly this step; anyone else is sent on their way. */
export function requireTwoFactorStep(event: RequestEvent, step: Exclude<PendingTwoFactor, null>) {
	const { user, signIn, pending } = requireSignedIn(event);
	const redirectTo = safeRedirectTarget(event.url.searchParams.get('redirectTo') ?? '');
	const onwards = redirectTo === '/' ? landingPage[user.role] : redirectTo;
	if (pending !== step) {
		redirect(
			303,
			pending ? `${twoFactorPage[pending]}?redirectTo=${encodeURIComponent(onwards)}` : onwards
		);
	}
	return { user, signIn, onwards };
}

/**
 * Counts a code guess before it is judged (see `LoginThrottle.attempt`), or answers 429 if this
 * user has guessed too often. Counted per account and per address.
 */
export function countCodeGuess(event: RequestEvent, userId: string, action = '') {
	const wait = twoFactorThrottle.attempt(getDb(), userId, event.getClientAddress());
	if (wait <= 0) return null;
	return fail(429, {
		action,
		errors: { code: tooManyTries(wait) }
	});
}

export function codeGuessWasRight(event: RequestEvent, userId: string) {
	twoFactorThrottle.recordSuccess(getDb(), userId, event.getClientAddress());
}
