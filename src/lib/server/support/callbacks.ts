import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { checkLength, fieldError, fieldErrorCollector } from '../input';

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

/** Only for a request of one of this navigator's own participants. */
export function markCallbackDone(
	db: Db,
	navigatorId: string,
	participantId: string,
	callbackId: string,
	now = new Date()
) {
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
	db.update(table.callbackRequest)
		.set({ doneAt: now, doneBy: navigatorId })
		.where(and(eq(table.callbackRequest.id, callbackId), isNull(table.callbackRequest.doneAt)))
		.run();
}
