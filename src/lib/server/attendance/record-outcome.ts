import { and, desc, eq, inArray } from 'drizzle-orm';
import { windowFor } from '../../checkin-windows';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { attendanceOutcomes, type AttendanceOutcome } from '../db/schema';
import { checkLength, fieldError } from '../input';
import { effectiveOutcome } from './outcome';

/**
 * A navigator records or corrects an outcome for a booking of their own caseload. Each change
 * keeps what it replaced, who and when, in outcome_change.
 */
export function recordOutcome(
	db: Db,
	navigatorId: string,
	input: { bookingId: string; outcome: string; reason: string },
	now = new Date()
) {
	const outcome = input.outcome as AttendanceOutcome;
	if (!attendanceOutcomes.includes(outcome)) fieldError('outcome', 'Choose what happened.');
	const reason = input.reason.trim();
	if (outcome === 'missed_acceptable' && !reason)
		fieldError('reason', 'Give the reason the absence was acceptable.');
	if (reason) checkLength('reason', reason, 'the reason', 500);

	return db.transaction(
		(tx) => {
			const b = tx
				.select({
					id: table.booking.id,
					participantId: table.booking.participantId,
					bookingStatus: table.booking.status,
					outcome: table.booking.outcome,
					checkedInAt: table.booking.checkedInAt,
					type: table.slot.type,
					startsAt: table.slot.startsAt
				})
				.from(table.booking)
				.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
				.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
				.where(
					and(
						eq(table.booking.id, input.bookingId),
						eq(table.participant.navigatorId, navigatorId),
						inArray(table.booking.status, ['booked', 'cancelled_by_navigator'])
					)
				)
				.get();
			if (!b) fieldError('bookingId', 'That session is not on your caseload.');
			if (now < windowFor(b.type, b.startsAt).opensAt)
				fieldError('outcome', 'You can record what happened once the session has started.');
			const previous = effectiveOutcome(b, now);
			tx.insert(table.outcomeChange)
				.values({
					bookingId: b.id,
					previousOutcome: previous === 'missed' || previous === 'upcoming' ? null : previous,
					newOutcome: outcome,
					reason: reason || null,
					changedBy: navigatorId,
					changedAt: now
				})
				.run();
			tx.update(table.booking)
				.set({ outcome, outcomeReason: reason || null, outcomeBy: navigatorId, outcomeAt: now })
				.where(eq(table.booking.id, b.id))
				.run();
			return { participantId: b.participantId, previous, outcome };
		},
		{ behavior: 'immediate' }
	);
}

export type OutcomeChange = {
	previousOutcome: AttendanceOutcome | null;
	newOutcome: AttendanceOutcome;
	reason: string | null;
	changedAt: Date;
	changedBy: string;
};

/**
 * The outcome changes of each booking, newest first, in one query for a whole page of the
 * report. Every booking asked about has an entry, empty when its outcome was never changed.
 */
export function outcomeHistories(db: Db, bookingIds: string[]) {
	const histories = new Map<string, OutcomeChange[]>(bookingIds.map((id) => [id, []]));
	if (bookingIds.length === 0) return histories;
	const changes = db
		.select({
			bookingId: table.outcomeChange.bookingId,
			previousOutcome: table.outcomeChange.previousOutcome,
			newOutcome: table.outcomeChange.newOutcome,
			reason: table.outcomeChange.reason,
			changedAt: table.outcomeChange.changedAt,
			changedBy: table.user.displayName
		})
		.from(table.outcomeChange)
		.innerJoin(table.user, eq(table.user.id, table.outcomeChange.changedBy))
		.where(inArray(table.outcomeChange.bookingId, bookingIds))
		.orderBy(desc(table.outcomeChange.changedAt), desc(table.outcomeChange.id))
		.all();
	for (const { bookingId, ...change } of changes) histories.get(bookingId)?.push(change);
	return histories;
}
