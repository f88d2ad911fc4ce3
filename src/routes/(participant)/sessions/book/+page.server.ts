import { redirect } from '@sveltejs/kit';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { sessionTypes, type SessionType } from '$lib/server/db/schema';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { bookSlot, listBookableSlots, SessionFullError } from '$lib/server/scheduling/booking';
import type { Actions, PageServerLoad } from './$types';

function typeFilter(value: string | null): SessionType | null {
	return value && (sessionTypes as readonly string[]).includes(value)
		? (value as SessionType)
		: null;
}

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const now = new Date();
	const type = typeFilter(event.url.searchParams.get('type'));
	return { now, type, slots: listBookableSlots(getDb(), participant.id, now, type) };
};

export const actions: Actions = {
	book: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		const slotId = textField(data, 'slotId');
		const db = getDb();
		return withFieldErrors(
			(mistake) => ({
				full: mistake instanceof SessionFullError,
				others: listBookableSlots(db, participant.id).slice(0, 5)
			}),
			() => {
				const bookingId = bookSlot(db, {
					slotId,
					participantId: participant.id,
					bookedBy: participant.id
				});
				redirect(303, `/sessions/${bookingId}?booked=1`);
			}
		);
	}
};
