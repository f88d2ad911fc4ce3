import { participantAttendance } from '$lib/server/attendance/caseload';
import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const participant = requireParticipant(event);
	const { rows, figures } = participantAttendance(getDb(), participant.id);
	return {
		figures,
		sessions: rows
			.filter((r) => r.effective !== 'upcoming')
			.map((r) => ({
				id: r.bookingId,
				title: r.title,
				startsAt: r.startsAt,
				state: r.state
			}))
	};
};
