import { fail, redirect } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { findUsableCode, redeemActivationCode } from '$lib/server/auth/activation';
import { setSignInCookie } from '$lib/server/auth/cookie';
import { landingPage } from '$lib/server/auth/guards';
import { createSignIn } from '$lib/server/auth/sign-in';
import { loginThrottle, tooManyTries } from '$lib/server/auth/throttle';
import { getDb } from '$lib/server/db';
import { InputError, rawField, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, landingPage[locals.user.role]);
};

/** Code guesses share the sign-in throttle, keyed by a name no username can take. */
const codeThrottleKey = '#activation';

/** Counts a code guess before it is judged, or answers 429 (see `LoginThrottle.attempt`). */
function countCodeGuess(address: string) {
	const wait = loginThrottle.attempt(getDb(), codeThrottleKey + address, address);
	return wait > 0
		? fail(429, {
				step: 'code' as const,
				code: '',
				errors: { code: tooManyTries(wait) }
			})
		: null;
}

/** Whose code this is, to greet them by name on the passphrase step; '' once it cannot be used. */
function usernameOfCode(code: string) {
	try {
		return findUsableCode(getDb(), code).username;
	} catch (e) {
		if (e instanceof InputError) return '';
		throw e;
	}
}

function codeWasRight(address: string) {
	loginThrottle.recordSuccess(getDb(), codeThrottleKey + address, address);
}

export const actions: Actions = {
	check: async (event) => {
		const data = await event.request.formData();
		const code = textField(data, 'code');
		const address = event.getClientAddress();
		const blocked = countCodeGuess(address);
		if (blocked) return blocked;
		return withFieldErrors({ step: 'code' as const, code }, () => {
			const found = findUsableCode(getDb(), code);
			codeWasRight(address);
			return { step: 'passphrase' as const, code, username: found.username };
		});
	},
	activate: async (event) => {
		const data = await event.request.formData();
		const code = textField(data, 'code');
		const address = event.getClientAddress();
		const blocked = countCodeGuess(address);
		if (blocked) return blocked;
		const db = getDb();
		return withFieldErrors(
			(mistake) => {
				if (mistake.fields.code) return { step: 'code' as const, code, username: '' };
				codeWasRight(address);
				return { step: 'passphrase' as const, code, username: usernameOfCode(code) };
			},
			async () => {
				const activated = await redeemActivationCode(
					db,
					code,
					rawField(data, 'passphrase'),
					rawField(data, 'confirmation')
				);
				codeWasRight(address);
				if (activated.reset)
					recordAudit(
						db,
						{ id: activated.id, role: activated.role },
						{
							action: 'passphrase.reset',
							participantId: activated.role === 'participant' ? activated.id : null,
							detail: 'new passphrase set with a code; every other sign-in ended'
						},
						event.locals.requestId
					);
				const { token, expiresAt } = createSignIn(db, activated.id, activated.role);
				setSignInCookie(event.cookies, event.url, token, expiresAt);
				redirect(303, landingPage[activated.role] + '?welcome=1');
			}
		);
	}
};
