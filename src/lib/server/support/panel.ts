import type { Db } from '../db/open';
import * as table from '../db/schema';
import { openCallbackOf } from './callbacks';
import { checkInTrend } from './check-ins';
import { unreadCount } from './messages';

/** What the navigator's participant page shows about support: counts and the check-in trend. */
export function participantSupport(db: Db, participantId: string) {
	return {
		unread: unreadCount(db, participantId, 'navigator'),
		openCallbacks: db
			.select({ id: table.callbackRequest.id })
			.from(table.callbackRequest)
			.where(openCallbackOf(participantId))
			.all().length,
		trend: checkInTrend(db, participantId)
	};
}
