/**
 * Sessions and slots the scale and storm measurements need, written straight into the bench's
 * own copy of the national database before its server starts.
 */
import { and, asc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { createSession } from '../../src/lib/server/auth/session';
import { openDatabase, type Db } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import { addDays, londonDate, londonToInstant } from '../../src/lib/dates';
import type { Role } from './config';

export type ScaleFixtures = {
	participants: string[];
	navigators: string[];
	/** A participant and a future slot of their navigator with a place left that they have not booked. */
	bookings: { token: string; slotId: string }[];
	storm: { tokens: string[]; slotIds: string[]; participantSlot: number[] };
};

/**
 * Sessions are created directly rather than by signing in 600 times: argon2 would dominate the
 * setup. If staff sessions later need a second-factor flag, set it here.
 */
function mint(db: Db, userId: string, role: Role, now: Date) {
	return createSession(db, userId, role, now).token;
}

function navigatorsByName(db: Db) {
	return db
		.select({ id: table.user.id })
		.from(table.user)
		.where(eq(table.user.role, 'navigator'))
		.orderBy(asc(table.user.username))
		.all()
		.map((n) => n.id);
}

function caseloadOf(db: Db, navigatorId: string) {
	return db
		.select({ id: table.participant.userId })
		.from(table.participant)
		.where(eq(table.participant.navigatorId, navigatorId))
		.all()
		.map((p) => p.id);
}

export function prepareScaleFixtures(
	path: string,
	options: { samples: number; storm: { requests: number; slots: number; capacity: number } },
	now = new Date()
): ScaleFixtures {
	const db = openDatabase(path);
	const inOneTransaction = (work: () => void) => db.$client.transaction(work).immediate();
	try {
		const navigators = navigatorsByName(db);
		// Samples spread over the country; the storm's navigators are never among them.
		const sampled = navigators.filter((_, i) => i % 8 === 0).slice(0, options.samples);
		const stormNavigators = navigators.filter((_, i) => i % 8 === 4);
		const participants: string[] = [];
		const navigatorTokens: string[] = [];
		const bookings: ScaleFixtures['bookings'] = [];
		const tomorrow = new Date(now.getTime() + 86_400_000);
		const horizon = new Date(now.getTime() + 27 * 86_400_000);
		inOneTransaction(() => {
			sampled.forEach((navigatorId, i) => {
				navigatorTokens.push(mint(db, navigatorId, 'navigator', now));
				const caseload = caseloadOf(db, navigatorId);
				const participantId = caseload[i % caseload.length];
				const token = mint(db, participantId, 'participant', now);
				participants.push(token);
				const open = db
					.select({ id: table.slot.id })
					.from(table.slot)
					.where(
						and(
							eq(table.slot.navigatorId, navigatorId),
							gt(table.slot.startsAt, tomorrow),
							lt(table.slot.startsAt, horizon),
							lt(table.slot.bookedCount, table.slot.capacity),
							eq(table.slot.status, 'scheduled'),
							or(isNull(table.slot.participantId), eq(table.slot.participantId, participantId)),
							sql`not exists (select 1 from ${table.booking} where ${table.booking.slotId} = ${table.slot.id} and ${table.booking.participantId} = ${participantId})`,
							// The app refuses a booking that clashes with one the participant already has.
							sql`not exists (select 1 from booking held join slot taken on taken.id = held.slot_id where held.participant_id = ${participantId} and held.status = 'booked' and taken.starts_at < ${table.slot.endsAt} and taken.ends_at > ${table.slot.startsAt})`
						)
					)
					.orderBy(asc(table.slot.startsAt))
					.limit(1)
					.get();
				if (open) bookings.push({ token, slotId: open.id });
			});
		});

		// Each storm participant sends one request; a slot's requests come from one navigator's
		// caseload, on a Saturday two weeks ahead when the seeded diaries are empty.
		const { requests, slots, capacity } = options.storm;
		const perSlot = Math.ceil(requests / slots);
		let saturday = addDays(londonDate(now), 14);
		while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
		const storm: ScaleFixtures['storm'] = { tokens: [], slotIds: [], participantSlot: [] };
		inOneTransaction(() => {
			let caseload: string[] = [];
			let slotsPerNavigator = 1;
			let navigator = -1;
			let position = 0;
			for (let s = 0; s < slots; s++) {
				if (navigator < 0 || position === slotsPerNavigator) {
					navigator++;
					caseload = caseloadOf(db, stormNavigators[navigator]);
					slotsPerNavigator = Math.max(1, Math.floor(caseload.length / perSlot));
					position = 0;
				}
				const startsAt = londonToInstant(saturday, `${String(9 + position).padStart(2, '0')}:00`);
				const id = crypto.randomUUID();
				db.insert(table.slot)
					.values({
						id,
						navigatorId: stormNavigators[navigator],
						type: 'group',
						title: 'Drug awareness group',
						startsAt,
						endsAt: new Date(startsAt.getTime() + 50 * 60_000),
						mode: 'in_person',
						place: '12 Front Street, Durham DH1 3AA',
						capacity,
						checkinSecret: crypto.randomUUID()
					})
					.run();
				storm.slotIds.push(id);
				for (let k = 0; k < perSlot && storm.tokens.length < requests; k++) {
					storm.tokens.push(mint(db, caseload[position * perSlot + k], 'participant', now));
					storm.participantSlot.push(s);
				}
				position++;
			}
		});
		return { participants, navigators: navigatorTokens, bookings, storm };
	} finally {
		db.$client.close();
	}
}

/** Capacity as the database sees it after the storm: active bookings per slot. */
export function stormOutcome(path: string, slotIds: string[]) {
	const db = openDatabase(path);
	try {
		return slotIds.map((id) => {
			const slot = db.select().from(table.slot).where(eq(table.slot.id, id)).get()!;
			const active = db
				.select({ n: sql<number>`count(*)` })
				.from(table.booking)
				.where(and(eq(table.booking.slotId, id), eq(table.booking.status, 'booked')))
				.get()!.n;
			return { id, capacity: slot.capacity, bookedCount: slot.bookedCount, active };
		});
	} finally {
		db.$client.close();
	}
}
