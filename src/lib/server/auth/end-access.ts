import { and, eq, ne } from 'drizzle-orm';
import { revokeCalendarFeed } from '../scheduling/calendar';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { invalidateUserSessions } from './session';

/**
 * Ends every way into an account that a lost or shared device may still hold: its sessions, its
 * private calendar feed and its push subscriptions. Signing out everywhere keeps the session
 * making the request and, when the person asks, this device's reminders (`keep`). Activating again
 * with a new code, or resetting a passphrase, keeps nothing.
 */
export function endAccountAccess(
	db: Db,
	userId: string,
	keep: { sessionId?: string; pushEndpoint?: string } = {}
) {
	invalidateUserSessions(db, userId, keep.sessionId);
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
