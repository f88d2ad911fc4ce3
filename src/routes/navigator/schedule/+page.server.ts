import { addDays, isIsoDate, londonDate, weekStart } from '$lib/dates';
import { recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import {
	listCantMakeItRequests,
	listNavigatorWeek
} from '$lib/server/scheduling/navigator-schedule';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const navigator = requireNavigator(event);
	const db = getDb();
	const now = new Date();
	const asked = event.url.searchParams.get('week') ?? '';
	const monday = weekStart(isIsoDate(asked) ? asked : londonDate(now));
	const slots = listNavigatorWeek(db, navigator.id, monday);
	const requests = listCantMakeItRequests(db, navigator.id, now);
	await recordAuditOfEach(
		db,
		navigator,
		[
			...slots.flatMap((s) => [
				...s.bookings.map((b) => b.participantId),
				...(s.forName && s.participantId ? [s.participantId] : [])
			]),
			...requests.map((r) => r.participantId)
		],
		{ action: 'schedule.view', detail: `week of ${monday}` },
		event.locals.requestId
	);
	return {
		now,
		monday,
		previous: addDays(monday, -7),
		next: addDays(monday, 7),
		days: Array.from({ length: 7 }, (_, i) => addDays(monday, i)).map((day) => ({
			day,
			slots: slots.filter((s) => londonDate(s.startsAt) === day)
		})),
		requests
	};
};
