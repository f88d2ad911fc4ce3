import type { Db } from './db/open';
import { fieldError } from './input';
import { sendMessage } from './support/messages';

/**
 * Actions a participant's phone queued while it had no connection, replayed when it is back.
 * Each carries a key made on the phone and the id of the user who made it: a replay that arrives
 * twice is stored once, and an item made by someone else on a shared phone is refused.
 */

/** The queued item was made by another account than the one signed in now. */
export class NotYourItem extends Error {
	constructor() {
		super('This queued item belongs to another account.');
		this.name = 'NotYourItem';
	}
}

const keyPattern = /^[A-Za-z0-9-]{8,64}$/;

export type QueuedItem = { key: unknown; userId: unknown };

/** The item's key, once the item is known to be the signed-in user's and its key well made. */
export function checkQueuedItem(signedInId: string, item: QueuedItem, field: string): string {
	if (item.userId !== signedInId) throw new NotYourItem();
	if (typeof item.key !== 'string' || !keyPattern.test(item.key))
		fieldError(field, 'Something went wrong on this phone. Please try again.');
	return item.key;
}

export type ReplayedMessage = { status: 'sent' | 'duplicate' };

/** A message written offline. The message's own unique (sender, client key) makes it once-only. */
export function replayMessage(
	db: Db,
	signedInId: string,
	item: QueuedItem & { body: unknown; concernsSafety?: unknown },
	now = new Date()
): ReplayedMessage {
	const key = checkQueuedItem(signedInId, item, 'body');
	const { duplicate } = sendMessage(
		db,
		{
			participantId: signedInId,
			senderId: signedInId,
			senderRole: 'participant',
			body: typeof item.body === 'string' ? item.body : '',
			clientKey: key,
			concernsSafety: item.concernsSafety === true
		},
		now
	);
	return { status: duplicate ? 'duplicate' : 'sent' };
}
