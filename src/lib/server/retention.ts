import { eq, inArray, lt, sql } from 'drizzle-orm';
import { addCalendarMonths, londonDate } from '../dates';
import { deleteExpiredSignIns } from './auth/sign-in';
import { inBatches, pauseFor } from './batches';
import type { Connection, Db } from './db/open';
import * as table from './db/schema';
import { log } from './log';

export type RetentionPolicy = {
	/** Months after the programme ends (contract end date) before personal data is erased. */
	personalDataMonths: number;
	/** Years an audit row is kept. */
	auditYears: number;
};

export const defaultRetentionPolicy: RetentionPolicy = { personalDataMonths: 12, auditYears: 6 };

function positiveNumber(value: string | undefined, fallback: number): number {
	const parsed = Number(value);
	return value && Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function retentionPolicyFromEnv(env: Record<string, string | undefined>): RetentionPolicy {
	return {
		personalDataMonths: positiveNumber(
			env.RETENTION_MONTHS,
			defaultRetentionPolicy.personalDataMonths
		),
		auditYears: positiveNumber(env.AUDIT_RETENTION_YEARS, defaultRetentionPolicy.auditYears)
	};
}

/**
 * One table's part in erasing a participant, run in order inside the erasure transaction, before
 * the user row is deleted. A table whose reference to user(id) is ON DELETE CASCADE needs no
 * step. A new table that references a participant without cascading adds a step here, naming
 * the columns it clears (retention.spec.ts fails until every such column is named).
 */
export type ErasureStep = {
	covers: `${string}.${string}`[];
	erase: (tx: Db, participantId: string) => void;
};

export const erasureSteps: ErasureStep[] = [
	{
		// Bookings go with the user by cascade; slots opened for this one participant go too.
		covers: ['slot.participant_id', 'booking.booked_by'],
		erase(tx, participantId) {
			const privateSlots = tx
				.select({ id: table.slot.id })
				.from(table.slot)
				.where(eq(table.slot.participantId, participantId))
				.all()
				.map((s) => s.id);
			tx.delete(table.booking).where(eq(table.booking.participantId, participantId)).run();
			if (privateSlots.length === 0) return;
			tx.delete(table.booking).where(inArray(table.booking.slotId, privateSlots)).run();
			tx.delete(table.slot).where(inArray(table.slot.id, privateSlots)).run();
		}
	},
	{
		// A participant writes only in their own thread and their own plan history.
		covers: ['message.sender_id', 'plan_change.changed_by'],
		erase(tx, participantId) {
			tx.delete(table.message).where(eq(table.message.participantId, participantId)).run();
			tx.delete(table.planChange).where(eq(table.planChange.participantId, participantId)).run();
		}
	}
];

/** Columns that reference user(id) but only ever hold a member of staff, never a participant. */
export const staffOnlyReferences = [
	'participant.navigator_id',
	'activation_code.issued_by',
	'slot.navigator_id',
	'booking.outcome_by',
	'booking.delayed_checkin_reviewed_by',
	'outcome_change.changed_by',
	'callback_request.done_by',
	'volunteering_entry.reviewed_by',
	'attention_resolution.resolved_by'
];

const system = { id: 'retention-job', role: 'system' } as const;

/** Participants whose programme ended more than the retention period ago. */
export function participantsDueForErasure(db: Db, policy: RetentionPolicy, now = new Date()) {
	const cutoff = addCalendarMonths(londonDate(now), -policy.personalDataMonths);
	return db
		.select({
			id: table.participant.userId,
			contractEnd: table.participant.contractEnd,
			status: table.participant.status
		})
		.from(table.participant)
		.where(lt(table.participant.contractEnd, cutoff))
		.all();
}

/**
 * Erases one participant: their account and everything about them goes; what remains is a count
 * by the month their programme ended and how, and the audit rows (which name no one). Returns
 * false when they were already gone.
 */
export function eraseParticipant(
	db: Db,
	participant: { id: string; contractEnd: string; status: table.ParticipantStatus },
	now = new Date()
): boolean {
	return db.transaction(
		(tx) => {
			for (const step of erasureSteps) step.erase(tx, participant.id);
			const erased = tx.delete(table.user).where(eq(table.user.id, participant.id)).run();
			// Another server process's run may have erased them first; count and audit them once.
			if (erased.changes === 0) return false;
			tx.insert(table.retentionTally)
				.values({
					endMonth: participant.contractEnd.slice(0, 7),
					status: participant.status,
					total: 1
				})
				.onConflictDoUpdate({
					target: [table.retentionTally.endMonth, table.retentionTally.status],
					set: { total: sql`${table.retentionTally.total} + 1` }
				})
				.run();
			tx.insert(table.auditLog)
				.values({
					at: now,
					actorId: system.id,
					actorRole: system.role,
					action: 'participant.erase',
					participantId: participant.id,
					reason: 'Retention period after the programme ended'
				})
				.run();
			return true;
		},
		{ behavior: 'immediate' }
	);
}

export function auditCutoff(policy: RetentionPolicy, now = new Date()): Date {
	const cutoff = new Date(now);
	cutoff.setUTCFullYear(cutoff.getUTCFullYear() - policy.auditYears);
	return cutoff;
}

const deleteGuard = 'audit_log_no_delete';

/**
 * Removes audit rows older than the audit period, `batch` rows at a time with a pause between
 * batches: one long transaction would hold the write lock past other server processes' busy
 * timeout, and their writes would fail. In each batch the append-only trigger is lifted and put
 * back, word for word as the migration made it, inside one IMMEDIATE transaction: no other
 * connection ever sees the table unguarded, and a failure anywhere rolls the trigger back into
 * place.
 */
export async function purgeOldAuditRows(
	db: Connection,
	policy: RetentionPolicy,
	now = new Date(),
	{ batch = 10_000, pauseMs = 20 } = {}
): Promise<number> {
	const cutoff = auditCutoff(policy, now).getTime();
	return inBatches(batch, () => purgeAuditBatch(db, cutoff, batch), pauseFor(pauseMs));
}

function purgeAuditBatch(db: Connection, cutoff: number, batch: number): number {
	const sqlite = db.$client;
	return sqlite
		.transaction(() => {
			const guard = sqlite
				.prepare(`select sql from sqlite_master where type = 'trigger' and name = ?`)
				.get(deleteGuard) as { sql: string } | undefined;
			if (!guard) throw new Error(`The ${deleteGuard} trigger is missing; not purging`);
			sqlite.exec(`drop trigger ${deleteGuard}`);
			// The log is appended in time order, so the oldest rows come first by rowid.
			const removedNow = sqlite
				.prepare(
					'delete from audit_log where rowid in (select rowid from audit_log where at < ? limit ?)'
				)
				.run(cutoff, batch).changes;
			sqlite.exec(guard.sql);
			return removedNow;
		})
		.immediate();
}

export async function runRetention(db: Connection, policy: RetentionPolicy, now = new Date()) {
	const due = participantsDueForErasure(db, policy, now);
	const participantsErased = due.filter((p) => eraseParticipant(db, p, now)).length;
	const auditRowsRemoved = await purgeOldAuditRows(db, policy, now);
	const expiredSignInsRemoved = deleteExpiredSignIns(db, now);
	// Once a day, after the deletions, the write-ahead log is folded back and cut to nothing.
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	return { participantsErased, auditRowsRemoved, expiredSignInsRemoved };
}

const day = 24 * 60 * 60 * 1000;

/** Runs the retention job a minute after start-up, then daily. Returns a stop function. */
export function startRetentionSchedule(db: Connection, policy: RetentionPolicy) {
	const run = async () => {
		try {
			log.info(await runRetention(db, policy), 'Retention run');
		} catch (err) {
			log.error({ err }, 'Retention job failed');
		}
	};
	const first = setTimeout(run, 60_000);
	const daily = setInterval(run, day);
	first.unref();
	daily.unref();
	return () => {
		clearTimeout(first);
		clearInterval(daily);
	};
}
