import { and, asc, eq, gte, isNull, lt, lte, sql } from 'drizzle-orm';
import { isLate, windowFor, windowState, type WindowState } from '../../checkin-windows';
import { formatTime, londonDate } from '../../dates';
import type { SessionState } from '../../session-states';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError, InputError } from '../input';
import { sessionState } from '../scheduling/state';
import { checkinCode, codeMatches } from './check-in-code';

/** Wrong codes allowed per booking before only the navigator can check the person in. */
export const maxCheckinAttempts = 5;

export function isRemote(mode: table.SessionMode) {
	return mode !== 'in_person';
}

const dayMs = 86_400_000;

/** Slots starting within a day either side of now: where today's sessions are looked for. */
export function startsWithinADayOf(now: Date) {
	return and(
		gte(table.slot.startsAt, new Date(now.getTime() - dayMs)),
		lte(table.slot.startsAt, new Date(now.getTime() + dayMs))
	);
}

/** A participant's active bookings for sessions starting within a day either side of now. */
function nearbyBookings(db: Db, participantId: string, now: Date) {
	return db
		.select({
			bookingId: table.booking.id,
			bookingStatus: table.booking.status,
			outcome: table.booking.outcome,
			cantMakeItAt: table.booking.cantMakeItAt,
			checkedInAt: table.booking.checkedInAt,
			checkinAttempts: table.booking.checkinAttempts,
			slotId: table.slot.id,
			title: table.slot.title,
			type: table.slot.type,
			mode: table.slot.mode,
			place: table.slot.place,
			startsAt: table.slot.startsAt,
			endsAt: table.slot.endsAt,
			checkinSecret: table.slot.checkinSecret,
			delayedCheckinReview: table.booking.delayedCheckinReview
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.where(
			and(
				eq(table.booking.participantId, participantId),
				table.bookingIsActive,
				eq(table.slot.status, 'scheduled'),
				startsWithinADayOf(now)
			)
		)
		.orderBy(asc(table.slot.startsAt))
		.all();
}

type Nearby = ReturnType<typeof nearbyBookings>[number];

export type TodaySession = {
	bookingId: string;
	title: string;
	type: table.SessionType;
	mode: table.SessionMode;
	place: string | null;
	startsAt: Date;
	opensAt: Date;
	closesAt: Date;
	state: WindowState;
	checkedInAt: Date | null;
	/** Where the booking stands, in the words every page shares. */
	bookingState: SessionState;
	locked: boolean;
	/**
	 * For a remote session open now: a code the server alone can make for this minute, kept by a
	 * phone that goes offline to prove it saw the session open (see checkInRemoteDelayed).
	 */
	openProof: { code: string; at: number } | null;
};

function describe(b: Nearby, now: Date): TodaySession {
	const { opensAt, closesAt } = windowFor(b.type, b.startsAt);
	return {
		bookingId: b.bookingId,
		title: b.title,
		type: b.type,
		mode: b.mode,
		place: b.place,
		startsAt: b.startsAt,
		opensAt,
		closesAt,
		state: windowState(b.type, b.startsAt, now),
		checkedInAt: b.checkedInAt,
		bookingState: sessionState(b, now),
		locked: b.checkinAttempts >= maxCheckinAttempts,
		openProof:
			isRemote(b.mode) && windowState(b.type, b.startsAt, now) === 'open'
				? { code: checkinCode(b.checkinSecret, now), at: now.getTime() }
				: null
	};
}

/** What the check-in page shows: the participant's sessions today and whether each is open. */
export function sessionsToCheckIn(db: Db, participantId: string, now = new Date()): TodaySession[] {
	return nearbyBookings(db, participantId, now)
		.filter((b) => isToday(b, now))
		.map((b) => describe(b, now));
}

/** Today's sessions, and one either side of midnight while its check-in is open. */
export function isToday(b: Pick<Nearby, 'type' | 'startsAt'>, now: Date) {
	const { opensAt, closesAt } = windowFor(b.type, b.startsAt);
	const sameDay = londonDate(b.startsAt) === londonDate(now);
	return sameDay || (opensAt <= now && now <= closesAt);
}

export type CheckinResult = {
	/** 'awaiting_confirmation': it reached us late, so it counts only once the navigator confirms. */
	status: 'checked_in' | 'already' | 'awaiting_confirmation';
	title: string;
	late: boolean;
	checkedInAt: Date;
};

const closedAdvice = 'Please send your navigator a message so they know what happened.';

function windowProblem(b: Nearby, now: Date): never | void {
	const state = windowState(b.type, b.startsAt, now);
	const { opensAt, closesAt } = windowFor(b.type, b.startsAt);
	if (state === 'not_open')
		fieldError(
			'code',
			`It is too early to check in to ${b.title}. Check-in opens at ${formatTime(opensAt)}.`
		);
	if (state === 'closed')
		fieldError(
			'code',
			`Check-in for ${b.title} closed at ${formatTime(closesAt)}. ${closedAdvice}`
		);
}

function markCheckedIn(db: Db, b: Nearby, now: Date): CheckinResult {
	db.update(table.booking)
		.set({ checkedInAt: now })
		.where(and(eq(table.booking.id, b.bookingId), isNull(table.booking.checkedInAt)))
		.run();
	const stored = db
		.select({ checkedInAt: table.booking.checkedInAt })
		.from(table.booking)
		.where(eq(table.booking.id, b.bookingId))
		.get();
	const checkedInAt = stored?.checkedInAt ?? now;
	return {
		status: checkedInAt.getTime() === now.getTime() ? 'checked_in' : 'already',
		title: b.title,
		late: isLate(b.type, b.startsAt, checkedInAt),
		checkedInAt
	};
}

/**
 * A check-in that reached the server well after the phone says it was made. The phone's time is
 * kept as a claim for the navigator to confirm or reject; until then the booking is not attended.
 * A claim already made (pending or rejected) is not replaced by another one.
 */
function markDelayed(db: Db, b: Nearby, claimedAt: Date, arrivedAt: Date): CheckinResult {
	db.update(table.booking)
		.set({
			delayedCheckinClaimedAt: claimedAt,
			delayedCheckinArrivedAt: arrivedAt,
			delayedCheckinReview: 'pending'
		})
		.where(
			and(
				eq(table.booking.id, b.bookingId),
				isNull(table.booking.checkedInAt),
				isNull(table.booking.delayedCheckinReview)
			)
		)
		.run();
	return {
		status: 'awaiting_confirmation',
		title: b.title,
		late: isLate(b.type, b.startsAt, claimedAt),
		checkedInAt: claimedAt
	};
}

type RecordCheckIn = (db: Db, b: Nearby, madeAt: Date) => CheckinResult;

function already(b: Nearby): CheckinResult {
	return {
		status: 'already',
		title: b.title,
		late: isLate(b.type, b.startsAt, b.checkedInAt!),
		checkedInAt: b.checkedInAt!
	};
}

const lockedMessage =
	'There have been too many tries with the wrong code. Please ask your navigator to check you in.';

/**
 * Checks a participant in with the code from the navigator's screen. A user's mistake throws an
 * InputError on the field 'code' whose message says what happened and what to do.
 */
export function checkInWithCode(
	db: Db,
	participantId: string,
	rawCode: string,
	now = new Date()
): CheckinResult {
	return checkInWithCodeRecordedBy(db, participantId, rawCode, now, markCheckedIn);
}

/**
 * A code typed on a phone with no connection at `madeAt`, arriving now. The code must be the one
 * on the screen at `madeAt` (a code cannot be typed before it was shown) and the window open then;
 * the check-in then waits for the navigator's confirmation.
 */
export function checkInWithCodeDelayed(
	db: Db,
	participantId: string,
	rawCode: string,
	madeAt: Date,
	now: Date
): CheckinResult {
	return checkInWithCodeRecordedBy(db, participantId, rawCode, madeAt, (txDb, b, at) =>
		markDelayed(txDb, b, at, now)
	);
}

function checkInWithCodeRecordedBy(
	db: Db,
	participantId: string,
	rawCode: string,
	now: Date,
	record: RecordCheckIn
): CheckinResult {
	const code = rawCode.replace(/\s+/g, '');
	if (!code) fieldError('code', 'Enter the 6-digit code from the screen.');
	if (!/^\d{6}$/.test(code)) fieldError('code', 'The code is 6 numbers, like 123456.');
	// The answer leaves the transaction as a value: thrown inside, it would roll back the wrong try.
	// better-sqlite3 is synchronous, so the outer handle runs inside this same transaction.
	const judged = db.transaction(
		() => {
			try {
				return { done: judgeCode(db, participantId, code, now, record) };
			} catch (e) {
				if (e instanceof InputError) return { refused: e };
				throw e;
			}
		},
		{ behavior: 'immediate' }
	);
	if (judged.refused) throw judged.refused;
	return judged.done;
}

function judgeCode(
	db: Db,
	participantId: string,
	code: string,
	now: Date,
	record: RecordCheckIn
): CheckinResult {
	const today = nearbyBookings(db, participantId, now).filter((b) => isToday(b, now));
	if (today.length === 0)
		fieldError(
			'code',
			'You do not have a session booked today. If you think you do, please ask your navigator.'
		);
	const inPerson = today.filter((b) => !isRemote(b.mode));
	if (inPerson.length === 0)
		fieldError(
			'code',
			'Your session today is by phone or video, so you do not need a code. Use the Check in button.'
		);

	const matched = inPerson.find((b) => codeMatches(b.checkinSecret, code, now));
	if (matched) {
		if (matched.checkedInAt) return already(matched);
		if (matched.checkinAttempts >= maxCheckinAttempts) fieldError('code', lockedMessage);
		windowProblem(matched, now);
		return record(db, matched, now);
	}

	const open = inPerson.filter((b) => windowState(b.type, b.startsAt, now) === 'open');
	const waiting = open.filter((b) => !b.checkedInAt);
	if (open.length > 0 && waiting.length === 0) return already(open[0]);
	if (waiting.some((b) => b.checkinAttempts >= maxCheckinAttempts))
		fieldError('code', lockedMessage);

	if (codeOfAnotherSession(db, code, now, new Set(inPerson.map((b) => b.slotId)))) {
		const yours = waiting[0] ?? inPerson[0];
		fieldError(
			'code',
			`That code is for a different session. Yours is ${yours.title} at ${formatTime(yours.startsAt)}. Check the screen in that room.`
		);
	}

	if (waiting.length === 0) {
		windowProblem(inPerson.find((b) => !b.checkedInAt) ?? inPerson[0], now);
	}

	let left = 0;
	for (const b of waiting) {
		db.update(table.booking)
			.set({ checkinAttempts: sql`${table.booking.checkinAttempts} + 1` })
			.where(
				and(
					eq(table.booking.id, b.bookingId),
					lt(table.booking.checkinAttempts, maxCheckinAttempts)
				)
			)
			.run();
		left = Math.max(left, maxCheckinAttempts - b.checkinAttempts - 1);
	}
	if (left <= 0) fieldError('code', `That code is not right. ${lockedMessage}`);
	fieldError(
		'code',
		`That code is not right. Check the numbers on the screen and try again. ${left === 1 ? 'You have 1 more try.' : `You have ${left} more tries.`}`
	);
}

function codeOfAnotherSession(db: Db, code: string, now: Date, own: Set<string>) {
	const slots = db
		.select({ id: table.slot.id, secret: table.slot.checkinSecret })
		.from(table.slot)
		.where(
			and(
				eq(table.slot.status, 'scheduled'),
				eq(table.slot.mode, 'in_person'),
				gte(table.slot.startsAt, new Date(now.getTime() - dayMs / 2)),
				lte(table.slot.startsAt, new Date(now.getTime() + dayMs / 2))
			)
		)
		.all();
	return slots.some((s) => !own.has(s.id) && codeMatches(s.secret, code, now));
}

/** Remote sessions: one tap inside the window. */
export function checkInRemote(
	db: Db,
	participantId: string,
	bookingId: string,
	now = new Date()
): CheckinResult {
	const b = nearbyBookings(db, participantId, now).find((x) => x.bookingId === bookingId);
	if (!b)
		fieldError(
			'code',
			'We could not find that booking. If you think you have a session now, please ask your navigator.'
		);
	if (!isRemote(b.mode))
		fieldError('code', `${b.title} is in person. Enter the code from the screen when you arrive.`);
	if (b.checkedInAt) return already(b);
	windowProblem(b, now);
	return markCheckedIn(db, b, now);
}

/**
 * A remote check-in tapped on a phone with no connection at `claimedAt`, arriving now. With the
 * proof from the check-in page (the server's code for the minute it showed the session open), it
 * waits for the navigator's confirmation; without it, only the window as it is now counts.
 */
export function checkInRemoteDelayed(
	db: Db,
	participantId: string,
	bookingId: string,
	proof: { code: unknown; at: unknown } | null,
	claimedAt: Date,
	now: Date
): CheckinResult {
	const b = nearbyBookings(db, participantId, now).find((x) => x.bookingId === bookingId);
	const seenAt = typeof proof?.at === 'number' ? proof.at : Number.NaN;
	const proven =
		b &&
		isRemote(b.mode) &&
		typeof proof?.code === 'string' &&
		seenAt <= now.getTime() &&
		windowState(b.type, b.startsAt, new Date(seenAt)) === 'open' &&
		codeMatches(b.checkinSecret, proof.code, new Date(seenAt));
	if (!proven || b.checkedInAt) return checkInRemote(db, participantId, bookingId, now);
	const madeAt = new Date(Math.max(claimedAt.getTime(), seenAt));
	windowProblem(b, madeAt);
	return markDelayed(db, b, madeAt, now);
}
