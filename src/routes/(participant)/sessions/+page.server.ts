import { requireParticipant } from '$lib/server/auth/guards';
import {
	calendarFeedCreatedAt,
	createCalendarFeed,
	revokeCalendarFeed
} from '$lib/server/scheduling/calendar';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { cancelBooking, sendCantMakeIt } from '$lib/server/scheduling/cancellation';
import { listParticipantSessions } from '$lib/server/scheduling/participant-sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	event.setHeaders({ 'X-Offline-Copy': 'participant' });
	const db = getDb();
	const now = new Date();
	return {
		renderedAt: new Date(),
		now,
		sessions: listParticipantSessions(db, participant.id, now),
		feedSince: calendarFeedCreatedAt(db, participant.id) ?? null
	};
};

export const actions: Actions = {
	cancel: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		const bookingId = textField(data, 'bookingId');
		return withFieldErrors({ action: 'cancel', bookingId, values: {} }, () => {
			cancelBooking(getDb(), participant.id, bookingId);
			return { action: 'cancel', cancelled: bookingId };
		});
	},
	cantMakeIt: async (event) => {
		const participant = requireParticipant(event);
		const data = await event.request.formData();
		const bookingId = textField(data, 'bookingId');
		const reason = textField(data, 'reason');
		return withFieldErrors({ action: 'cantMakeIt', bookingId, values: { reason } }, () => {
			sendCantMakeIt(getDb(), participant.id, bookingId, reason);
			return { action: 'cantMakeIt', sent: bookingId };
		});
	},
	newFeed: (event) => {
		const participant = requireParticipant(event);
		const token = createCalendarFeed(getDb(), participant.id);
		return { action: 'newFeed', feedUrl: `${event.url.origin}/calendar/${token}.ics` };
	},
	revokeFeed: (event) => {
		const participant = requireParticipant(event);
		revokeCalendarFeed(getDb(), participant.id);
		return { action: 'revokeFeed', revoked: true };
	}
};
