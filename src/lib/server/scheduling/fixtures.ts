import * as table from '../db/schema';
import { createTestDb } from '../test-db';
import type { SlotInput } from './slots';

/** The specs' clock: a Friday noon. */
export const now = new Date('2026-03-20T12:00:00Z');

/** Two navigators; n1 has p1, p2 and p3 on their caseload, n2 has p5. */
export function setUp() {
	const db = createTestDb();
	const addUser = (id: string, role: table.Role) =>
		db.insert(table.user).values({ id, username: id, displayName: id.toUpperCase(), role }).run();
	addUser('n1', 'navigator');
	addUser('n2', 'navigator');
	for (const [id, nav] of [
		['p1', 'n1'],
		['p2', 'n1'],
		['p3', 'n1'],
		['p5', 'n2']
	]) {
		addUser(id, 'participant');
		db.insert(table.participant)
			.values({
				userId: id,
				reference: `R-${id}`,
				navigatorId: nav,
				contractStart: '2026-03-01',
				contractEnd: '2026-07-01'
			})
			.run();
	}
	return db;
}

/** A one-to-one slot form for n1 on Monday 23 March at 10:00, in person, with these changes. */
export function slotInput(overrides: Partial<SlotInput> = {}): SlotInput {
	return {
		type: 'one_to_one',
		title: '',
		date: '2026-03-23',
		time: '10:00',
		minutes: '',
		mode: 'in_person',
		placeId: '',
		place: '1 High Street, Durham',
		mapUrl: '',
		remoteDetails: '',
		capacity: '',
		participantId: '',
		repeatWeeks: '',
		confirmOverlap: '',
		...overrides
	};
}

export function slotsOf(db: ReturnType<typeof setUp>) {
	return db.select().from(table.slot).all();
}
