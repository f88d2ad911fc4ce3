import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError, InputError } from '../input';
import { checkQueuedItem, type QueuedItem } from '../offline-actions';
import {
	checkInRemote,
	checkInRemoteDelayed,
	checkInWithCode,
	checkInWithCodeDelayed,
	type CheckinResult
} from './check-in';

/**
 * How long a queued check-in may wait on the phone. A door code seen once could otherwise be sent
 * long after, with the time it was seen; whatever arrives late still waits for the navigator.
 */
export const maxCheckInQueueAgeMs = 30 * 60_000;

/** A check-in arriving within this of the moment it was made is judged as if it were live. */
export const liveToleranceMs = 2 * 60_000;

export type ReplayedCheckIn =
	| { ok: true; duplicate: boolean; done: CheckinResult }
	| { ok: false; duplicate: boolean; errors: Record<string, string> };

type StoredCheckIn =
	| { ok: true; done: Omit<CheckinResult, 'checkedInAt'> & { checkedInAt: string } }
	| { ok: false; errors: Record<string, string> };

/**
 * A check-in made offline. Nothing the phone says about time is taken on trust alone: one that
 * arrives within `liveToleranceMs` is judged as live; a later one is accepted only with proof made
 * at the time (the door code of that minute, or the server's proof that the remote session was
 * open on the phone), never older than `maxCheckInQueueAgeMs`, and then waits for the navigator to
 * confirm it. Its answer, success or a mistake, is stored with its key in the same transaction,
 * so a wrong code replayed twice counts as one try.
 */
export function replayCheckIn(
	db: Db,
	signedInId: string,
	item: QueuedItem & {
		madeAt: unknown;
		code?: unknown;
		bookingId?: unknown;
		openProof?: unknown;
	},
	now = new Date()
): ReplayedCheckIn {
	const key = checkQueuedItem(signedInId, item, 'code');
	const madeAtMs = typeof item.madeAt === 'number' ? item.madeAt : Number.NaN;
	return db.transaction(
		(tx) => {
			const stored = tx
				.select({ result: table.idempotencyKey.result })
				.from(table.idempotencyKey)
				.where(and(eq(table.idempotencyKey.userId, signedInId), eq(table.idempotencyKey.key, key)))
				.get();
			if (stored) return revive(JSON.parse(stored.result) as StoredCheckIn, true);

			let result: StoredCheckIn;
			try {
				if (!Number.isFinite(madeAtMs) || madeAtMs < now.getTime() - maxCheckInQueueAgeMs)
					fieldError(
						'code',
						'This check-in waited too long on your phone to count. Please tell your navigator you were there.'
					);
				const madeAt = new Date(Math.min(madeAtMs, now.getTime()));
				const delayed = now.getTime() - madeAt.getTime() > liveToleranceMs;
				const code = typeof item.code === 'string' ? item.code : '';
				const done =
					typeof item.bookingId === 'string' && item.bookingId
						? delayed
							? checkInRemoteDelayed(
									tx,
									signedInId,
									item.bookingId,
									openProofOf(item.openProof),
									madeAt,
									now
								)
							: checkInRemote(tx, signedInId, item.bookingId, now)
						: delayed
							? checkInWithCodeDelayed(tx, signedInId, code, madeAt, now)
							: checkInWithCode(tx, signedInId, code, madeAt);
				result = { ok: true, done: { ...done, checkedInAt: done.checkedInAt.toISOString() } };
			} catch (e) {
				if (!(e instanceof InputError)) throw e;
				result = { ok: false, errors: e.fields };
			}
			tx.insert(table.idempotencyKey)
				.values({ userId: signedInId, key, result: JSON.stringify(result), createdAt: now })
				.run();
			return revive(result, false);
		},
		{ behavior: 'immediate' }
	);
}

function openProofOf(value: unknown): { code: unknown; at: unknown } | null {
	if (!value || typeof value !== 'object') return null;
	const { code, at } = value as Record<string, unknown>;
	return { code, at };
}

function revive(stored: StoredCheckIn, duplicate: boolean): ReplayedCheckIn {
	if (!stored.ok) return { ok: false, duplicate, errors: stored.errors };
	return {
		ok: true,
		duplicate,
		done: { ...stored.done, checkedInAt: new Date(stored.done.checkedInAt) }
	};
}
