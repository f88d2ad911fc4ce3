import { error, fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { createSession } from '$lib/server/auth/session';
import { createFirstCoordinator, setupIsOpen } from '$lib/server/auth/setup';
import { getDb } from '$lib/server/db';
import { InputError, rawField, textField } from '$lib/server/input';
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
		let id: string;
		try {
			id = await createFirstCoordinator(db, {
				...values,
				passphrase: rawField(data, 'passphrase'),
				confirmation: rawField(data, 'confirmation')
			});
		} catch (e) {
			if (e instanceof InputError) return fail(400, { values, errors: e.fields });
			throw e;
		}
		const { token, expiresAt } = createSession(db, id, 'coordinator');
		setSessionCookie(event.cookies, event.url, token, expiresAt);
		redirect(303, '/coordinator');
	}
};
