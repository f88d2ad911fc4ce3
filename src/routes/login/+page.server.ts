import { fail, redirect } from '@sveltejs/kit';
import { setSignInCookie } from '$lib/server/auth/cookie';
import { landingPage, safeRedirectTarget } from '$lib/server/auth/guards';
import { signIn } from '$lib/server/auth/login';
import { loginThrottle } from '$lib/server/auth/throttle';
import { getDb } from '$lib/server/db';
import { rawField, textField, type FieldErrors } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = url.searchParams.get('redirectTo');
	if (locals.user)
		redirect(303, redirectTo ? safeRedirectTarget(redirectTo) : landingPage[locals.user.role]);
	return {
		redirectTo: redirectTo ? safeRedirectTarget(redirectTo) : null,
		signedOut: url.searchParams.has('signedOut')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const username = textField(data, 'username');
		const password = rawField(data, 'password');
		const redirectTo = textField(data, 'redirectTo');

		const errors: FieldErrors = {};
		if (!username) errors.username = 'Enter your username.';
		if (!password) errors.password = 'Enter your passphrase.';
		if (username.length > 64) errors.username = 'That username is too long.';
		if (password.length > 1024) errors.password = 'That passphrase is too long.';
		if (Object.keys(errors).length > 0) return fail(400, { username, errors });

		const result = await signIn(getDb(), loginThrottle, {
			username,
			password,
			address: event.getClientAddress()
		});
		if (!result.ok) {
			return fail(result.status, { username, errors: { password: result.message } as FieldErrors });
		}
		setSignInCookie(event.cookies, event.url, result.token, result.expiresAt);
		redirect(303, redirectTo ? safeRedirectTarget(redirectTo) : landingPage[result.role]);
	}
};
