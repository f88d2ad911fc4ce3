/** The plan's history: every change, in plain English, and who made it. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import * as table from '../db/schema';

/**
 * Keeps a change to the plan. A change to the contract `needsAcknowledgement`: the participant is
 * asked to read it.
 */
export function logChange(
	tx: Db,
	participantId: string,
	changedBy: string,
	summary: string,
	needsAcknowledgement: boolean,
	now: Date
) {
	tx.insert(table.planChange)
		.values({ participantId, changedBy, changedAt: now, summary, needsAcknowledgement })
		.run();
}

export function planHistory(db: Db, participantId: string, limit = 100) {
	return db
		.select({
			id: table.planChange.id,
			summary: table.planChange.summary,
			changedAt: table.planChange.changedAt,
			needsAcknowledgement: table.planChange.needsAcknowledgement,
			by: table.user.displayName,
			byRole: table.user.role
		})
		.from(table.planChange)
		.innerJoin(table.user, eq(table.user.id, table.planChange.changedBy))
		.where(eq(table.planChange.participantId, participantId))
		.orderBy(desc(table.planChange.changedAt), desc(table.planChange.id))
		.limit(limit)
		.all();
}
