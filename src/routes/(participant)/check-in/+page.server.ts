import { fail } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { checkInRemote, checkInWithCode, sessionsToCheckIn } from '$lib/server/attendance/check-in';
import { getDb } from '$lib/server/db';
import { InputError, textField } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const code = (event.url.searchParams.get('code') ?? '').replace(/\D/g, '').slice(0, 6);
	return { sessions: sessionsToCheckIn(getDb(), participant.id), code };
};

export const actions: Actions = {
	code: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		const values = { code: textField(data, 'code') };
		try {
			return { action: 'code', done: checkInWithCode(getDb(), participant.id, values.code) };
		} catch (e) {
			if (e instanceof InputError) return fail(400, { action: 'code', values, errors: e.fields });
			throw e;
		}
	},
	remote: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		try {
			return {
				action: 'remote',
				done: checkInRemote(getDb(), participant.id, textField(data, 'bookingId'))
			};
		} catch (e) {
			if (e instanceof InputError)
				return fail(400, { action: 'remote', values: {}, errors: { remote: e.fields.code } });
			throw e;
		}
	}
};
