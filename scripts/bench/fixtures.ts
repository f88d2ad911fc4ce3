/**
 * Sign-ins and slots the scale and storm measurements need, written straight into the bench's
 * own copy of the national database before its server starts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { createSignIn } from '../../src/lib/server/auth/sign-in';
import { markVerified } from '../../src/lib/server/auth/two-factor';
import { openDatabase, type Db } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import { clashingBooking, listBookableSlots } from '../../src/lib/server/scheduling/booking';
import { addDays, londonDate, londonToInstant } from '../../src/lib/dates';
import type { Role } from './config';

export type ScaleFixtures = {
	participants: string[];
	navigators: string[];
	/** A participant still on the programme and a slot of their navigator the app lets them book. */
	bookings: { token: string; slotId: string }[];
	storm: { tokens: string[]; slotIds: string[]; participantSlot: number[] };
};

/**
 * Sign-ins are created directly rather than through the form 600 times: argon2 would dominate the
 * setup. A navigator's sign-in counts as having given its second factor, as after a real sign-in;
 * without it every navigator page answers with a redirect to the code page.
 */
function mint(db: Db, userId: string, role: Role, now: Date) {
	const { token, id } = createSignIn(db, userId, role, now);
	if (role !== 'participant') markVerified(db, id);
	return token;
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

/** A navigator's participants; with a status, only those with that status. */
function caseloadOf(db: Db, navigatorId: string, status?: table.ParticipantStatus) {
	return db
		.select({ id: table.participant.userId })
		.from(table.participant)
		.where(
			and(
				eq(table.participant.navigatorId, navigatorId),
				status ? eq(table.participant.status, status) : undefined
			)
		)
		.all()
		.map((p) => p.id);
}

/**
 * The first of a caseload, from `start` round, with a slot the app would let them book: one it
 * lists for them that clashes with none of their bookings. A tenth of the seeded participants have
 * completed the programme and may book nothing. Slots start between a day and 27 days ahead, so
 * the notice and the 28-day window still hold when the requests are sent minutes later.
 */
function bookableChoice(db: Db, caseload: string[], start: number, now: Date) {
	const earliest = now.getTime() + 86_400_000;
	const latest = now.getTime() + 27 * 86_400_000;
	for (let k = 0; k < caseload.length; k++) {
		const participantId = caseload[(start + k) % caseload.length];
		const slot = listBookableSlots(db, participantId, now).find(
			(s) =>
				s.startsAt.getTime() > earliest &&
				s.startsAt.getTime() < latest &&
				!clashingBooking(db, participantId, s)
		);
		if (slot) return { participantId, slotId: slot.id };
	}
	return undefined;
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
		inOneTransaction(() => {
			sampled.forEach((navigatorId, i) => {
				navigatorTokens.push(mint(db, navigatorId, 'navigator', now));
				const choice = bookableChoice(db, caseloadOf(db, navigatorId), i, now);
				if (!choice) return;
				const token = mint(db, choice.participantId, 'participant', now);
				participants.push(token);
				bookings.push({ token, slotId: choice.slotId });
			});
		});

		// Each storm participant sends one request; a slot's requests come from one navigator's
		// participants still on the programme, on a Saturday two weeks ahead when the seeded
		// diaries are empty, so the only reason to refuse one is a full slot.
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
					caseload = caseloadOf(db, stormNavigators[navigator], 'active');
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
