import type { Db } from './db/open';
import * as table from './db/schema';
import type { AuditActorRole } from './db/schema';

export type AuditActor = { id: string; role: AuditActorRole };

export type AuditEntry = {
	action: string;
	participantId?: string | null;
	reason?: string | null;
	detail?: string | null;
};

/**
 * Appends one row to the audit log (Data Protection Act 2018, s.62). Rows are never updated or
 * deleted. Call it for every staff view of a participant's record or report, and every change.
 */
export function recordAudit(
	db: Db,
	actor: AuditActor,
	entry: AuditEntry,
	requestId: string | null = null,
	now = new Date()
) {
	db.insert(table.auditLog)
		.values({
			at: now,
			actorId: actor.id,
			actorRole: actor.role,
			action: entry.action,
			participantId: entry.participantId ?? null,
			reason: entry.reason ?? null,
			requestId,
			detail: entry.detail ?? null
		})
		.run();
}
