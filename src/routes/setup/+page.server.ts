import { error, redirect } from '@sveltejs/kit';
import { setSignInCookie } from '$lib/server/auth/cookie';
import { createSignIn } from '$lib/server/auth/sign-in';
import { createFirstCoordinator, setupIsOpen } from '$lib/server/auth/setup';
import { getDb } from '$lib/server/db';
import { rawField, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	if (!setupIsOpen(getDb())) error(404, 'Not found');
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		if (!setupIsOpen(db)) error(404, 'Not found');
		const data = await event.request.formData();
		const values = {
			code: textField(data, 'code'),
			username: textField(data, 'username'),
			displayName: textField(data, 'displayName')
		};
		return withFieldErrors({ values }, async () => {
			const id = await createFirstCoordinator(db, {
				...values,
				passphrase: rawField(data, 'passphrase'),
				confirmation: rawField(data, 'confirmation')
			});
			const { token, expiresAt } = createSignIn(db, id, 'coordinator');
			setSignInCookie(event.cookies, event.url, token, expiresAt);
			redirect(303, '/coordinator');
		});
	}
};
