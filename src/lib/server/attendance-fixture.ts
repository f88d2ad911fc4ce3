import type { Db } from './db/open';
import * as table from './db/schema';

/** Direct inserts for unit tests: users, a participant, slots and bookings. */
export function makeFixture(db: Db) {
	const addUser = (username: string, role: table.Role) => {
		const id = crypto.randomUUID();
		db.insert(table.user).values({ id, username, displayName: username, role }).run();
		return id;
	};
	const addParticipant = (username: string, navigatorId: string, contractStart = '2026-03-01') => {
		const id = addUser(username, 'participant');
		db.insert(table.participant)
			.values({
				userId: id,
				reference: username.toUpperCase(),
				navigatorId,
				contractStart,
				contractEnd: '2026-07-01'
			})
			.run();
		return id;
	};
	const addSlot = (
		navigatorId: string,
		startsAt: Date,
		values: Partial<typeof table.slot.$inferInsert> = {}
	) => {
		const id = crypto.randomUUID();
		db.insert(table.slot)
			.values({
				id,
				navigatorId,
				type: 'one_to_one',
				title: 'Meeting with your navigator',
				startsAt,
				endsAt: new Date(startsAt.getTime() + 3_600_000),
				mode: 'in_person',
				place: 'Room 1',
				capacity: 4,
				checkinSecret: crypto.randomUUID(),
				...values
			})
			.run();
		return id;
	};
	const addBooking = (
		slotId: string,
		participantId: string,
		values: Partial<typeof table.booking.$inferInsert> = {}
	) => {
		const id = crypto.randomUUID();
		db.insert(table.booking)
			.values({ id, slotId, participantId, bookedBy: participantId, ...values })
			.run();
		return id;
	};
	const secretOf = (slotId: string) =>
		db
			.select()
			.from(table.slot)
			.all()
			.find((s) => s.id === slotId)!.checkinSecret;
	return { addUser, addParticipant, addSlot, addBooking, secretOf };
}
