import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError } from '../input';
import { log } from '../log';
import { normaliseUkPhone } from '../support/callbacks';
import { cancelQueuedDeliveries, forgottenAddress } from './delivery';
import type { NotifyConfig } from './notify-config';
import type { NotifySender } from './notify';

const minute = 60_000;
export const codeLifetime = 15 * minute;
export const maxCodeTries = 5;
/** Codes one person may have sent to them in a day, so a number cannot be flooded from here. */
export const maxCodesPerDay = 5;
const codeResendGap = minute;

/** A UK mobile number as `07…`, written any way the callback form accepts. */
function normaliseMobile(value: string): string {
	const digits = normaliseUkPhone(value, 'address');
	if (!digits.startsWith('07')) fieldError('address', addressWords.sms.invalid);
	return digits;
}

function normaliseEmail(value: string): string {
	const email = value.trim().toLowerCase();
	if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
		fieldError('address', addressWords.email.invalid);
	}
	return email;
}

function hashCode(contactPointId: string, code: string) {
	return createHash('sha256').update(`${contactPointId}:${code}`).digest('hex');
}

const addressWords = {
	sms: {
		missing: 'Enter a mobile number',
		invalid: 'Enter a UK mobile number, like 07700 900123. Texts cannot go to a landline.'
	},
	email: {
		missing: 'Enter an email address',
		invalid: 'Enter an email address, like name@example.com'
	}
} as const;

/**
 * Stores a number or address (unconfirmed) and sends a 6-digit code to it. Nothing else is sent
 * there until the code is entered. Staff give an email address only.
 */
export async function sendConfirmationCode(
	db: Db,
	notify: NotifySender,
	config: Pick<NotifyConfig, 'templates'>,
	input: {
		userId: string;
		role: table.Role;
		channel: table.ContactChannel;
		value: string;
		/** Entered by staff: a number that already works is left for the person to change. */
		byStaff?: boolean;
	},
	now = new Date()
) {
	const { userId, channel } = input;
	if (channel === 'sms' && input.role !== 'participant')
		fieldError('address', 'Staff alerts go by email only');
	if (!input.value.trim()) fieldError('address', addressWords[channel].missing);
	const address = channel === 'sms' ? normaliseMobile(input.value) : normaliseEmail(input.value);
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');

	const point = db.transaction(
		(tx) => {
			const existing = tx
				.select()
				.from(table.contactPoint)
				.where(and(eq(table.contactPoint.userId, userId), eq(table.contactPoint.channel, channel)))
				.get();
			if (input.byStaff && existing?.confirmedAt && existing.enabled && !existing.failedAt) {
				fieldError(
					'address',
					'Texts already go to a number they confirmed. To change it, they enter the new number in the app, under Your account, Texts and emails.'
				);
			}
			if (existing?.codeSentAt && now.getTime() - existing.codeSentAt.getTime() < codeResendGap) {
				fieldError(
					'address',
					'We sent a code less than a minute ago. Wait a minute, then try again.'
				);
			}
			const dayStarted =
				existing?.codesSentSince &&
				now.getTime() - existing.codesSentSince.getTime() < 24 * 60 * minute;
			const codesSent = dayStarted ? existing.codesSent : 0;
			if (codesSent >= maxCodesPerDay) {
				fieldError(
					'address',
					'We have sent too many codes today. Try again tomorrow, or ask your navigator.'
				);
			}
			const id = existing?.id ?? crypto.randomUUID();
			const values = {
				address,
				confirmedAt: null,
				codeHash: hashCode(id, code),
				codeExpiresAt: new Date(now.getTime() + codeLifetime),
				codeTries: 0,
				codeSentAt: now,
				codesSent: codesSent + 1,
				codesSentSince: dayStarted ? existing.codesSentSince : now,
				enabled: true,
				failedAt: null,
				failure: null
			};
			cancelQueuedDeliveries(tx, userId, channel, now);
			if (existing) {
				tx.update(table.contactPoint).set(values).where(eq(table.contactPoint.id, id)).run();
			} else {
				tx.insert(table.contactPoint)
					.values({ id, userId, channel, ...values, createdAt: now })
					.run();
			}
			return { id, codesSent: values.codesSent, codeHash: values.codeHash };
		},
		{ behavior: 'immediate' }
	);

	const outcome = await notify.send({
		channel,
		templateId: config.templates[channel].code,
		to: address,
		personalisation: { code },
		reference: `code-${point.id}-${point.codesSent}`
	});
	if (outcome.result === 'accepted' || outcome.result === 'unknown') return address;
	// Only this code: another sent meanwhile (from a second tab) keeps working.
	db.update(table.contactPoint)
		.set({ codeHash: null, codeExpiresAt: null, codeSentAt: null })
		.where(
			and(eq(table.contactPoint.id, point.id), eq(table.contactPoint.codeHash, point.codeHash))
		)
		.run();
	if (outcome.result === 'invalid-address') {
		fieldError(
			'address',
			channel === 'sms'
				? 'We cannot send texts to this number. Check it and try again.'
				: 'We cannot send emails to this address. Check it and try again.'
		);
	}
	log.error({ reason: outcome.reason }, 'Confirmation code not sent');
	fieldError('address', 'We could not send the code just now. Try again in a few minutes.');
}

/** Confirms a number or address with the code sent to it; after too many wrong tries a new code is needed. */
export function confirmCode(
	db: Db,
	input: { userId: string; channel: table.ContactChannel; code: string },
	now = new Date()
) {
	const code = input.code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(code)) fieldError('code', 'Enter the 6-digit code from the message');
	const outcome = db.transaction(
		(tx) => {
			const point = tx
				.select()
				.from(table.contactPoint)
				.where(
					and(
						eq(table.contactPoint.userId, input.userId),
						eq(table.contactPoint.channel, input.channel)
					)
				)
				.get();
			if (!point?.codeHash || !point.codeExpiresAt) return 'no code' as const;
			if (point.codeTries >= maxCodeTries) return 'too many' as const;
			if (point.codeExpiresAt <= now) return 'expired' as const;
			const right = timingSafeEqual(
				Buffer.from(hashCode(point.id, code)),
				Buffer.from(point.codeHash)
			);
			tx.update(table.contactPoint)
				.set(
					right
						? { confirmedAt: now, codeHash: null, codeExpiresAt: null, codeTries: 0 }
						: { codeTries: point.codeTries + 1 }
				)
				.where(eq(table.contactPoint.id, point.id))
				.run();
			if (right) return 'confirmed' as const;
			return point.codeTries + 1 >= maxCodeTries ? ('too many' as const) : ('wrong' as const);
		},
		{ behavior: 'immediate' }
	);
	if (outcome === 'confirmed') return;
	fieldError(
		'code',
		{
			'no code': 'Ask for a code first',
			'too many': 'Too many wrong codes. Ask for a new code.',
			expired: 'This code has run out. Ask for a new code.',
			wrong: 'That code is not right. Check the message and try again.'
		}[outcome]
	);
}

/** Turns a confirmed channel on or off without forgetting the number. */
export function setChannelOn(
	db: Db,
	userId: string,
	channel: table.ContactChannel,
	on: boolean,
	now = new Date()
) {
	db.transaction(
		(tx) => {
			tx.update(table.contactPoint)
				.set({ enabled: on })
				.where(and(eq(table.contactPoint.userId, userId), eq(table.contactPoint.channel, channel)))
				.run();
			if (!on) cancelQueuedDeliveries(tx, userId, channel, now);
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Forgets a number or address; what was queued for it is not sent. The row stays, with no address,
 * so that the limits on codes sent (one a minute, five a day) still count what was sent before:
 * removing and adding a number again must not become a way to flood someone with texts.
 */
export function removeChannel(
	db: Db,
	userId: string,
	channel: table.ContactChannel,
	now = new Date()
) {
	db.transaction(
		(tx) => {
			tx.update(table.contactPoint)
				.set({
					address: forgottenAddress,
					confirmedAt: null,
					codeHash: null,
					codeExpiresAt: null,
					codeTries: 0,
					enabled: false,
					failedAt: null,
					failure: null
				})
				.where(and(eq(table.contactPoint.userId, userId), eq(table.contactPoint.channel, channel)))
				.run();
			cancelQueuedDeliveries(tx, userId, channel, now);
		},
		{ behavior: 'immediate' }
	);
}
