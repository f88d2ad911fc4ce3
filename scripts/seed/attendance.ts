/**
 * Demo attendance: six weeks of past sessions with realistic outcomes, and sessions today (one
 * in person open for check-in now, one remote) for each navigator, relative to `now`.
 */
import { eq, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import { addDays, londonDate, londonToInstant } from '../../src/lib/dates';
import { findPlace, placeText } from '../../src/lib/server/places';
import type { DemoPlaces } from './places';

type Past = 'attended' | 'late' | 'no_show' | table.AttendanceOutcome;

/** Newest last: what happened at each weekly one-to-one, from six weeks ago to this week. */
const history: Record<string, Past[]> = {
	participant1: ['attended'],
	participant2: ['attended', 'late', 'attended', 'missed_acceptable', 'attended', 'attended'],
	participant3: ['attended', 'attended', 'late', 'missed_unacceptable', 'no_show', 'no_show'],
	participant4: ['attended', 'attended', 'attended'],
	participant5: ['attended', 'no_show', 'attended'],
	participant6: ['late', 'attended', 'attended', 'attended', 'missed_acceptable', 'attended'],
	participant7: ['attended', 'attended', 'no_show', 'attended', 'attended', 'late'],
	participant8: ['attended']
};

const minute = 60_000;

export function seedAttendance(
	db: Db,
	ids: Map<string, string>,
	places: DemoPlaces,
	now = new Date()
) {
	const today = londonDate(now);
	const atPlace = (placeId: string) => {
		const place = findPlace(db, placeId)!;
		return { placeId, place: placeText(place), mapUrl: place.mapUrl };
	};
	const id = (name: string) => ids.get(name)!;
	const people = new Map(
		db
			.select()
			.from(table.participant)
			.all()
			.map((p) => [p.userId, p])
	);
	const navigatorIdOf = (participant: string) => people.get(id(participant))!.navigatorId;
	const contractStartOf = (participant: string) => people.get(id(participant))!.contractStart;

	const addSlot = (
		navigatorId: string,
		startsAt: Date,
		values: Partial<typeof table.slot.$inferInsert> & { title: string }
	) => {
		const slotId = crypto.randomUUID();
		db.insert(table.slot)
			.values({
				id: slotId,
				navigatorId,
				type: 'one_to_one',
				startsAt,
				endsAt: new Date(startsAt.getTime() + 60 * minute),
				mode: 'in_person',
				...atPlace(navigatorId === id('navigator1') ? places.durhamHub : places.bishopAuckland),
				capacity: 1,
				checkinSecret: randomBytes(20).toString('base64url'),
				createdAt: new Date(startsAt.getTime() - 14 * 86_400_000),
				...values
			})
			.run();
		return slotId;
	};
	db.transaction(
		(tx) => {
			const insertBooking = (
				slotId: string,
				participant: string,
				startsAt: Date,
				what: Past | 'upcoming'
			) => {
				const navigatorId = navigatorIdOf(participant);
				const checkedInAt =
					what === 'attended'
						? new Date(startsAt.getTime() - 6 * minute)
						: what === 'late'
							? new Date(startsAt.getTime() + 17 * minute)
							: null;
				const recorded = what === 'missed_acceptable' || what === 'missed_unacceptable';
				const bookingId = crypto.randomUUID();
				tx.insert(table.booking)
					.values({
						id: bookingId,
						slotId,
						participantId: id(participant),
						bookedBy: id(participant),
						createdAt: new Date(startsAt.getTime() - 7 * 86_400_000),
						checkedInAt,
						outcome: recorded ? what : null,
						outcomeReason:
							what === 'missed_acceptable' ? 'Hospital appointment, letter seen' : null,
						outcomeBy: recorded ? navigatorId : null,
						outcomeAt: recorded ? new Date(startsAt.getTime() + 26 * 60 * minute) : null
					})
					.run();
				if (recorded) {
					tx.insert(table.outcomeChange)
						.values({
							bookingId,
							previousOutcome: null,
							newOutcome: what,
							reason: what === 'missed_acceptable' ? 'Hospital appointment, letter seen' : null,
							changedBy: navigatorId,
							changedAt: new Date(startsAt.getTime() + 26 * 60 * minute)
						})
						.run();
				}
				tx.update(table.slot)
					.set({ bookedCount: sql`${table.slot.bookedCount} + 1` })
					.where(eq(table.slot.id, slotId))
					.run();
			};

			for (const [participant, outcomes] of Object.entries(history)) {
				const contractStart = contractStartOf(participant);
				const lastDay = participant === 'participant4' ? addDays(today, -21) : addDays(today, -1);
				outcomes.forEach((what, i) => {
					const weeksAgo = outcomes.length - 1 - i;
					let day = addDays(lastDay, -7 * weeksAgo);
					if (day < contractStart) day = contractStart;
					const time = `${10 + (Number(participant.at(-1)) % 5)}:00`;
					const startsAt = londonToInstant(day, time);
					const slotId = addSlot(navigatorIdOf(participant), startsAt, {
						title: 'One-to-one with your navigator'
					});
					insertBooking(slotId, participant, startsAt, what);
				});
			}

			for (const [navigator, group] of [
				['navigator1', ['participant1', 'participant2', 'participant3']],
				['navigator2', ['participant5', 'participant6', 'participant7']]
			] as const) {
				for (let weeksAgo = 1; weeksAgo <= 3; weeksAgo++) {
					const startsAt = londonToInstant(addDays(today, -7 * weeksAgo - 2), '14:00');
					const slotId = addSlot(id(navigator), startsAt, {
						title: 'Recovery group',
						type: 'group',
						capacity: 8,
						...atPlace(places.recoveryService)
					});
					group.forEach((participant, n) => {
						const what: Past = (weeksAgo + n) % 4 === 0 ? 'no_show' : n === 1 ? 'late' : 'attended';
						const inProgramme = londonDate(startsAt) >= contractStartOf(participant);
						if (inProgramme) insertBooking(slotId, participant, startsAt, what);
					});
				}
			}

			for (const [navigator, inPerson, remote] of [
				['navigator1', 'participant1', 'participant2'],
				['navigator2', 'participant5', 'participant6']
			] as const) {
				const fiveMinutes = 5 * minute;
				const soon = new Date(Math.ceil((now.getTime() + fiveMinutes) / fiveMinutes) * fiveMinutes);
				const inPersonSlot = addSlot(id(navigator), soon, {
					title: 'One-to-one with your navigator'
				});
				insertBooking(inPersonSlot, inPerson, soon, 'upcoming');
				const remoteStart = new Date(Math.ceil(now.getTime() / fiveMinutes) * fiveMinutes);
				const remoteSlot = addSlot(id(navigator), remoteStart, {
					title: 'Phone catch-up',
					mode: 'phone',
					placeId: null,
					place: null,
					mapUrl: null,
					remoteDetails: 'Your navigator will ring your mobile.'
				});
				insertBooking(remoteSlot, remote, remoteStart, 'upcoming');
			}
		},
		{ behavior: 'immediate' }
	);
}
