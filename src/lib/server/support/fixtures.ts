import { contractEndFor } from '../../programme';
import type { Db } from '../db/open';
import * as table from '../db/schema';

/** Users for unit tests: two navigators and a participant of the first. */
export function seedPeople(db: Db, contractStart = '2026-03-02') {
	const add = (id: string, role: table.Role, displayName = id) =>
		db.insert(table.user).values({ id, username: id, displayName, role }).run();
	add('nav1', 'navigator', 'Morgan Reid');
	add('nav2', 'navigator', 'Alex Carter');
	add('p1', 'participant', 'Jordan Ellis');
	add('p2', 'participant', 'Sam Okafor');
	for (const [userId, navigatorId, reference] of [
		['p1', 'nav1', 'CP-1'],
		['p2', 'nav1', 'CP-2']
	]) {
		db.insert(table.participant)
			.values({
				userId,
				navigatorId,
				reference,
				contractStart,
				contractEnd: contractEndFor(contractStart)
			})
			.run();
	}
}

/** A slot with one booking of p1; returns both ids. */
export function seedBooking(db: Db, startsAt: Date, bookedAt: Date) {
	const slotId = crypto.randomUUID();
	const bookingId = crypto.randomUUID();
	db.insert(table.slot)
		.values({
			id: slotId,
			navigatorId: 'nav1',
			type: 'one_to_one',
			title: 'Drugs and alcohol group',
			startsAt,
			endsAt: new Date(startsAt.getTime() + 3_600_000),
			mode: 'in_person',
			place: 'Durham',
			capacity: 5,
			bookedCount: 1,
			checkinSecret: 'x'
		})
		.run();
	db.insert(table.booking)
		.values({ id: bookingId, slotId, participantId: 'p1', bookedBy: 'p1', createdAt: bookedAt })
		.run();
	return { slotId, bookingId };
}
