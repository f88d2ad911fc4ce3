import { and, asc, eq, isNull } from 'drizzle-orm';
import { isLate } from '../../checkin-windows';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError } from '../input';

/**
 * Check-ins that reached the server late (queued on a phone with no connection), waiting for
 * the navigator of the participant now to confirm or reject. Attendance can decide whether
 * someone is prosecuted, so the phone's word alone never makes a session attended.
 */
export function delayedCheckinsToReview(db: Db, navigatorId: string) {
	return db
		.select({
			bookingId: table.booking.id,
			participantId: table.booking.participantId,
			displayName: table.user.displayName,
			title: table.slot.title,
			type: table.slot.type,
			startsAt: table.slot.startsAt,
			claimedAt: table.booking.delayedCheckinClaimedAt,
			arrivedAt: table.booking.delayedCheckinArrivedAt
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
		.innerJoin(table.user, eq(table.user.id, table.booking.participantId))
		.where(
			and(
				eq(table.participant.navigatorId, navigatorId),
				eq(table.booking.delayedCheckinReview, 'pending'),
				isNull(table.booking.checkedInAt),
				table.bookingIsActive
			)
		)
		.orderBy(asc(table.booking.delayedCheckinArrivedAt))
		.all()
		.map(({ type, ...r }) => ({
			...r,
			claimedAt: r.claimedAt!,
			arrivedAt: r.arrivedAt!,
			late: isLate(type, r.startsAt, r.claimedAt!)
		}));
}

export type DelayedCheckinDecision = 'confirmed' | 'rejected';

/**
 * The navigator's decision on a delayed check-in: confirmed, it counts from the time the phone
 * gave; rejected, the booking stays without a check-in. Returns the participant's id, or undefined
 * when there is no such check-in waiting in this navigator's caseload.
 */
export function reviewDelayedCheckin(
	db: Db,
	navigatorId: string,
	bookingId: string,
	decision: DelayedCheckinDecision,
	now = new Date()
): string {
	return db.transaction(
		(tx) => {
			const waiting = tx
				.select({
					participantId: table.booking.participantId,
					claimedAt: table.booking.delayedCheckinClaimedAt
				})
				.from(table.booking)
				.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
				.where(
					and(
						eq(table.booking.id, bookingId),
						eq(table.participant.navigatorId, navigatorId),
						eq(table.booking.delayedCheckinReview, 'pending'),
						isNull(table.booking.checkedInAt),
						table.bookingIsActive
					)
				)
				.get();
			if (!waiting)
				fieldError(
					`checkin-${bookingId}`,
					'This check-in has already been decided or is not on your caseload.'
				);
			tx.update(table.booking)
				.set({
					delayedCheckinReview: decision,
					delayedCheckinReviewedBy: navigatorId,
					delayedCheckinReviewedAt: now,
					...(decision === 'confirmed' ? { checkedInAt: waiting.claimedAt } : {})
				})
				.where(eq(table.booking.id, bookingId))
				.run();
			return waiting.participantId;
		},
		{ behavior: 'immediate' }
	);
}
