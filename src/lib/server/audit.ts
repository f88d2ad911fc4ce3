import { sql } from 'drizzle-orm';
import type { Db } from './db/open';
import { preparedQuery } from './db/prepared';
import * as table from './db/schema';
import type { AuditActorRole } from './db/schema';

export type AuditActor = { id: string; role: AuditActorRole };

export type AuditEntry = {
	action: string;
	participantId?: string | null;
	reason?: string | null;
	detail?: string | null;
};

const appendAuditRow = preparedQuery((db) =>
	db
		.insert(table.auditLog)
		.values({
			at: sql.placeholder('at'),
			actorId: sql.placeholder('actorId'),
			actorRole: sql.placeholder('actorRole'),
			action: sql.placeholder('action'),
			participantId: sql.placeholder('participantId'),
			reason: sql.placeholder('reason'),
			requestId: sql.placeholder('requestId'),
			detail: sql.placeholder('detail')
		})
		.prepare()
);

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
	recordAudits(db, actor, [entry], requestId, now);
}

/** Several rows for one request, written together. */
function recordAudits(
	db: Db,
	actor: AuditActor,
	entries: AuditEntry[],
	requestId: string | null = null,
	now = new Date()
) {
	const append = appendAuditRow(db);
	db.$client.transaction(() => {
		for (const entry of entries)
			append.run({
				at: now,
				actorId: actor.id,
				actorRole: actor.role,
				action: entry.action,
				participantId: entry.participantId ?? null,
				reason: entry.reason ?? null,
				requestId,
				detail: entry.detail ?? null
			});
	})();
}

/** One row for each participant in a list a member of staff was shown, however often they appear. */
export function recordAuditOfEach(
	db: Db,
	actor: AuditActor,
	participantIds: Iterable<string>,
	entry: Omit<AuditEntry, 'participantId'>,
	requestId: string | null = null,
	now = new Date()
) {
	recordAudits(
		db,
		actor,
		[...new Set(participantIds)].map((participantId) => ({ ...entry, participantId })),
		requestId,
		now
	);
}
