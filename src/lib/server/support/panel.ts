import type { Db } from '../db/open';
import * as table from '../db/schema';
import { openCallbackOf } from './callbacks';
import { unreadCount } from './messages';
import { wellbeingTrend } from './wellbeing';

/** What the navigator's participant page shows about support: counts and the wellbeing trend. */
export function participantSupport(db: Db, participantId: string) {
	return {
		unread: unreadCount(db, participantId, 'navigator'),
		openCallbacks: db
			.select({ id: table.callbackRequest.id })
			.from(table.callbackRequest)
			.where(openCallbackOf(participantId))
			.all().length,
		trend: wellbeingTrend(db, participantId)
	};
}
