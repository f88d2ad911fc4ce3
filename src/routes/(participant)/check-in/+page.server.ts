import { requireParticipant } from '$lib/server/auth/guards';
import { checkInRemote, checkInWithCode, sessionsToCheckIn } from '$lib/server/attendance/check-in';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
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
		return withFieldErrors({ action: 'code', values }, () => ({
			action: 'code',
			done: checkInWithCode(getDb(), participant.id, values.code)
		}));
	},
	remote: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		return withFieldErrors(
			{ action: 'remote', values: {} },
			() => ({
				action: 'remote',
				done: checkInRemote(getDb(), participant.id, textField(data, 'bookingId'))
			}),
			(errors) => ({ remote: errors.code })
		);
	}
};
