import { and, asc, eq, isNull } from 'drizzle-orm';
import { addDays, isIsoDate, isTime, londonDate, londonToInstant } from '../../dates';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector, InputError } from '../input';
import { enqueueCallbackTime, withdrawCallNotices } from '../notifications/queue';

const ukPhoneMessage =
	'Enter a UK phone number, like 07700 900123 or 0191 498 0000. Numbers from other countries cannot be used.';

/**
 * A UK number as 11 digits starting 0, from what people type: spaces, dashes, brackets, and
 * +44 or 0044 in front (with or without the 0 after it).
 */
export function normaliseUkPhone(input: string, field = 'phone'): string {
	const raw = input.trim();
	if (!raw) fieldError(field, 'Enter a phone number we can call you on.');
	if (!/^[+0-9 ()-]+$/.test(raw)) fieldError(field, ukPhoneMessage);
	let digits = raw.replace(/[^0-9+]/g, '');
	if (digits.startsWith('+44')) digits = '0' + digits.slice(3);
	else if (digits.startsWith('0044')) digits = '0' + digits.slice(4);
	else if (digits.startsWith('+')) fieldError(field, ukPhoneMessage);
	if (digits.startsWith('00')) digits = digits.slice(1);
	// Landlines (01, 02), mobiles (07), non-geographic (03, 08): 10 digits after the 0.
	if (!/^0(1|2|3|7|8)\d{9}$/.test(digits) && !/^01\d{8}$/.test(digits))
		fieldError(field, ukPhoneMessage);
	return digits;
}

export type CallbackInput = { phone: string; goodTimes: string };

export function checkCallbackInput(input: CallbackInput) {
	const { errors, check } = fieldErrorCollector();
	const phone = check(() => normaliseUkPhone(input.phone)) ?? '';
	check(() => checkLength('goodTimes', input.goodTimes.trim(), 'when is a good time to call', 200));
	return { phone, goodTimes: input.goodTimes.trim(), errors };
}

/** A participant's call request that no navigator has marked done yet. */
export function openCallbackOf(participantId: string) {
	return and(
		eq(table.callbackRequest.participantId, participantId),
		isNull(table.callbackRequest.doneAt)
	);
}

/** A participant's call request as typed: checked, then asked for (see `requestCallback`). */
export function askForCallback(
	db: Db,
	participantId: string,
	input: CallbackInput,
	now = new Date()
) {
	const checked = checkCallbackInput(input);
	if (Object.keys(checked.errors).length > 0) throw new InputError(checked.errors);
	return requestCallback(db, participantId, checked, now);
}

/**
 * Asks the navigator for a call. One open request at a time: asking again updates it, so the
 * navigator's list does not fill with repeats.
 */
export function requestCallback(
	db: Db,
	participantId: string,
	input: { phone: string; goodTimes: string },
	now = new Date()
) {
	return db.transaction(
		(tx) => {
			const open = tx
				.select({ id: table.callbackRequest.id })
				.from(table.callbackRequest)
				.where(openCallbackOf(participantId))
				.get();
			if (open) {
				tx.update(table.callbackRequest)
					.set({ phone: input.phone, goodTimes: input.goodTimes, createdAt: now })
					.where(eq(table.callbackRequest.id, open.id))
					.run();
				return open.id;
			}
			const id = crypto.randomUUID();
			tx.insert(table.callbackRequest)
				.values({
					id,
					participantId,
					phone: input.phone,
					goodTimes: input.goodTimes,
					createdAt: now
				})
				.run();
			return id;
		},
		{ behavior: 'immediate' }
	);
}

export function openCallbacks(db: Db, participantId: string) {
	return db
		.select()
		.from(table.callbackRequest)
		.where(openCallbackOf(participantId))
		.orderBy(asc(table.callbackRequest.createdAt))
		.all();
}

/**
 * The participant's open request as they see it. `callAt` is the time their navigator set, while
 * it is still to come; a time gone by is not shown as a promise.
 */
export function currentCallback(db: Db, participantId: string, now = new Date()) {
	const open = openCallbacks(db, participantId).at(-1);
	if (!open) return null;
	return {
		phone: open.phone,
		goodTimes: open.goodTimes,
		createdAt: open.createdAt,
		callAt: open.callAt && open.callAt > now ? open.callAt : null
	};
}

/** A field error unless the request is this participant's, and they are on this navigator's caseload. */
function checkOwnCallback(db: Db, navigatorId: string, participantId: string, callbackId: string) {
	const owned = db
		.select({ id: table.callbackRequest.id })
		.from(table.callbackRequest)
		.innerJoin(table.participant, eq(table.participant.userId, table.callbackRequest.participantId))
		.where(
			and(
				eq(table.callbackRequest.id, callbackId),
				eq(table.callbackRequest.participantId, participantId),
				eq(table.participant.navigatorId, navigatorId)
			)
		)
		.get();
	if (!owned) fieldError('callback', 'That call request was not found.');
}

/** Only for a request of one of this navigator's own participants. */
export function markCallbackDone(
	db: Db,
	navigatorId: string,
	participantId: string,
	callbackId: string,
	now = new Date()
) {
	checkOwnCallback(db, navigatorId, participantId, callbackId);
	db.transaction(
		(tx) => {
			const marked = tx
				.update(table.callbackRequest)
				.set({ doneAt: now, doneBy: navigatorId })
				.where(and(eq(table.callbackRequest.id, callbackId), isNull(table.callbackRequest.doneAt)))
				.run();
			// A notice of the time still waiting for the morning, or a reminder, would now be wrong.
			if (marked.changes === 1) withdrawCallNotices(tx, participantId, now);
		},
		{ behavior: 'immediate' }
	);
}

/** How far ahead a call may be set. */
const callAheadWeeks = 4;
/** Calls are made outside the quiet hours, so a notice of the time held overnight still goes first. */
const earliestCall = '08:00';
const latestCall = '21:00';

export type CallTimeInput = { date: string; time: string };

/**
 * The moment a navigator typed as a London date and time, if it is a real one from now to
 * `callAheadWeeks` ahead, in the day; else messages for `callDate` and `callTime`.
 */
export function checkCallTime(input: CallTimeInput, now: Date): Date {
	const { check, throwIfAny } = fieldErrorCollector();
	const today = londonDate(now);
	const date = check(() => {
		if (!input.date) fieldError('callDate', 'Enter the date of the call.');
		if (!isIsoDate(input.date)) fieldError('callDate', 'Enter a real date, like 2026-03-02.');
		if (input.date < today) fieldError('callDate', 'The date must be today or later.');
		if (input.date > addDays(today, callAheadWeeks * 7))
			fieldError('callDate', `The date must be within the next ${callAheadWeeks} weeks.`);
		return input.date;
	});
	const time = check(() => {
		if (!input.time) fieldError('callTime', 'Enter the time of the call.');
		if (!isTime(input.time)) fieldError('callTime', 'Enter a time like 09:30 or 14:00.');
		if (input.time < earliestCall || input.time > latestCall)
			fieldError('callTime', 'Choose a time from 8am to 9pm.');
		return input.time;
	});
	throwIfAny();
	const callAt = londonToInstant(date!, time!);
	if (callAt <= now) fieldError('callTime', 'The time must be later than now.');
	return callAt;
}

/**
 * Sets when the navigator will call about an open request, and tells the participant on every
 * channel they have on. The same time again changes nothing and tells nobody twice; a new time
 * takes back a notice of the old one that has not gone yet.
 */
export function setCallTime(
	db: Db,
	navigatorId: string,
	participantId: string,
	callbackId: string,
	input: CallTimeInput,
	now = new Date()
): { callAt: Date; changed: boolean } {
	checkOwnCallback(db, navigatorId, participantId, callbackId);
	const callAt = checkCallTime(input, now);
	return db.transaction(
		(tx) => {
			const open = tx
				.select({ callAt: table.callbackRequest.callAt })
				.from(table.callbackRequest)
				.where(and(eq(table.callbackRequest.id, callbackId), isNull(table.callbackRequest.doneAt)))
				.get();
			if (!open) fieldError('callback', 'That call request is already done.');
			if (open.callAt?.getTime() === callAt.getTime()) return { callAt, changed: false };
			tx.update(table.callbackRequest)
				.set({ callAt })
				.where(eq(table.callbackRequest.id, callbackId))
				.run();
			withdrawCallNotices(tx, participantId, now);
			enqueueCallbackTime(tx, { participantId, callbackId, callAt, changeId: now.getTime() }, now);
			return { callAt, changed: true };
		},
		{ behavior: 'immediate' }
	);
}
