import { and, asc, eq } from 'drizzle-orm';
import { windowFor, windowState } from '../../checkin-windows';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { sessionState } from '../scheduling/state';
import { isRemote, isToday, startsWithinADayOf } from './check-in';
import { checkinCode, codeSecondsLeft } from './check-in-code';
import { checkinQr } from './check-in-qr';

/**
 * A navigator's own sessions today, and one either side of midnight while its check-in is open,
 * with the live code and who has checked in.
 */
export function navigatorToday(db: Db, navigatorId: string, now = new Date()) {
	const slots = db
		.select()
		.from(table.slot)
		.where(
			and(
				eq(table.slot.navigatorId, navigatorId),
				eq(table.slot.status, 'scheduled'),
				startsWithinADayOf(now)
			)
		)
		.orderBy(asc(table.slot.startsAt))
		.all()
		.filter((s) => isToday(s, now));
	return slots.map((s) => liveSlot(db, s, navigatorId, now));
}

/** One of the navigator's own slots, or undefined when it is not theirs. */
export function navigatorSlotLive(db: Db, navigatorId: string, slotId: string, now = new Date()) {
	const s = db
		.select()
		.from(table.slot)
		.where(and(eq(table.slot.id, slotId), eq(table.slot.navigatorId, navigatorId)))
		.get();
	return s ? liveSlot(db, s, navigatorId, now) : undefined;
}

function liveSlot(db: Db, s: typeof table.slot.$inferSelect, navigatorId: string, now: Date) {
	const state = windowState(s.type, s.startsAt, now);
	const { opensAt, closesAt } = windowFor(s.type, s.startsAt);
	const showCode = !isRemote(s.mode) && state === 'open';
	const attendees = db
		.select({
			participantId: table.user.id,
			displayName: table.user.displayName,
			checkedInAt: table.booking.checkedInAt,
			bookingStatus: table.booking.status,
			outcome: table.booking.outcome,
			cantMakeItAt: table.booking.cantMakeItAt,
			delayedCheckinReview: table.booking.delayedCheckinReview
		})
		.from(table.booking)
		.innerJoin(table.participant, eq(table.participant.userId, table.booking.participantId))
		.innerJoin(table.user, eq(table.user.id, table.booking.participantId))
		.where(
			and(
				eq(table.booking.slotId, s.id),
				table.bookingIsActive,
				eq(table.participant.navigatorId, navigatorId)
			)
		)
		.orderBy(asc(table.user.displayName))
		.all()
		.map((a) => ({
			participantId: a.participantId,
			displayName: a.displayName,
			checkedInAt: a.checkedInAt,
			state: sessionState({ ...a, type: s.type, startsAt: s.startsAt }, now)
		}));
	return {
		id: s.id,
		title: s.title,
		type: s.type,
		mode: s.mode,
		place: s.place,
		startsAt: s.startsAt,
		endsAt: s.endsAt,
		opensAt,
		closesAt,
		state,
		code: showCode ? checkinCode(s.checkinSecret, now) : null,
		secondsLeft: showCode ? codeSecondsLeft(now) : null,
		attendees
	};
}

type LiveSlot = ReturnType<typeof liveSlot>;

/** A live slot as plain JSON for the navigator's today view and its polling endpoint. */
export async function liveSlotJson(origin: string, s: LiveSlot) {
	return {
		id: s.id,
		title: s.title,
		mode: s.mode,
		place: s.place,
		startsAt: s.startsAt.toISOString(),
		opensAt: s.opensAt.toISOString(),
		closesAt: s.closesAt.toISOString(),
		state: s.state,
		code: s.code,
		secondsLeft: s.secondsLeft,
		qr: s.code ? await checkinQr(origin, s.code) : null,
		attendees: s.attendees.map((a) => ({
			participantId: a.participantId,
			displayName: a.displayName,
			checkedInAt: a.checkedInAt?.toISOString() ?? null,
			state: { key: a.state.key, label: a.state.label, tone: a.state.tone },
			detail: a.state.detail
		}))
	};
}

export type LiveSlotJson = Awaited<ReturnType<typeof liveSlotJson>>;
