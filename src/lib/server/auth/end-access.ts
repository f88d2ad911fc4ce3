import { and, eq, ne } from 'drizzle-orm';
import { revokeCalendarFeed } from '../scheduling/calendar';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { endEverySignIn } from './sign-in';

/**
 * Ends every way into an account that a lost or shared device may still hold: its sign-ins, its
 * private calendar feed and its push subscriptions. Signing out everywhere keeps the sign-in
 * making the request and, when the person asks, this device's reminders (`keep`). Activating again
 * with a new code, or resetting a passphrase, keeps nothing.
 */
export function endAccountAccess(
	db: Db,
	userId: string,
	keep: { signInId?: string; pushEndpoint?: string } = {}
) {
	endEverySignIn(db, userId, keep.signInId);
	revokeCalendarFeed(db, userId);
	db.delete(table.pushSubscription)
		.where(
			keep.pushEndpoint
				? and(
						eq(table.pushSubscription.userId, userId),
						ne(table.pushSubscription.endpoint, keep.pushEndpoint)
					)
				: eq(table.pushSubscription.userId, userId)
		)
		.run();
}
