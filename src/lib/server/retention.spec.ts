import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import type { Connection } from './db/open';
import * as table from './db/schema';
import {
	eraseParticipant,
	erasureSteps,
	participantsDueForErasure,
	purgeOldAuditRows,
	retentionPolicyFromEnv,
	runRetention,
	staffOnlyReferences,
	defaultRetentionPolicy as policy
} from './retention';
import { createTestDb } from '$fixtures/test-db';

const now = new Date('2027-06-15T12:00:00Z');
const navigator = { id: 'nav', role: 'navigator' } as const;

function addParticipant(
	db: Connection,
	id: string,
	contractEnd: string,
	status: table.ParticipantStatus
) {
	db.insert(table.user)
		.values({ id, username: id, displayName: `Name ${id}`, role: 'participant' })
		.run();
	db.insert(table.participant)
		.values({
			userId: id,
			reference: `REF-${id}`,
			navigatorId: navigator.id,
			contractStart: '2026-01-01',
			contractEnd,
			status
		})
		.run();
}

function addSlot(db: Connection, id: string, participantId: string | null) {
	db.insert(table.slot)
		.values({
			id,
			navigatorId: navigator.id,
			type: 'one_to_one',
			title: 'Meeting',
			startsAt: new Date('2026-03-01T10:00:00Z'),
			endsAt: new Date('2026-03-01T11:00:00Z'),
			mode: 'in_person',
			capacity: 5,
			participantId,
			checkinSecret: 'x'
		})
		.run();
}

function book(db: Connection, id: string, slotId: string, participantId: string) {
	db.insert(table.booking)
		.values({ id, slotId, participantId, bookedBy: participantId, outcome: 'attended' })
		.run();
	db.insert(table.outcomeChange)
		.values({ bookingId: id, newOutcome: 'attended', changedBy: navigator.id, changedAt: now })
		.run();
}

describe('retention', () => {
	let db: Connection;
	beforeEach(() => {
		db = createTestDb();
		db.insert(table.user)
			.values({ id: navigator.id, username: 'nav', displayName: 'Nav', role: 'navigator' })
			.run();
		// Ended 13 and 14 months before "now": due. Ended 11 months before: kept.
		addParticipant(db, 'old1', '2026-05-10', 'completed');
		addParticipant(db, 'old2', '2026-04-02', 'not_completed');
		addParticipant(db, 'recent', '2026-07-20', 'completed');
		addSlot(db, 'group', null);
		addSlot(db, 'private-old1', 'old1');
		book(db, 'b1', 'group', 'old1');
		book(db, 'b2', 'private-old1', 'old1');
		book(db, 'b3', 'group', 'recent');
		db.insert(table.signIn)
			.values({
				id: 's',
				secretHash: 'h',
				userId: 'old1',
				createdAt: now,
				lastSeenAt: now,
				expiresAt: now
			})
			.run();
	});

	it('deletes expired sign-ins and keeps live ones', async () => {
		const signIn = (id: string, expiresAt: Date) => ({
			id,
			secretHash: id,
			userId: navigator.id,
			createdAt: now,
			lastSeenAt: now,
			expiresAt
		});
		db.insert(table.signIn)
			.values([
				signIn('expired', new Date(now.getTime() - 1000)),
				signIn('live', new Date(now.getTime() + 60_000))
			])
			.run();
		const result = await runRetention(db, policy, now);
		expect(result.expiredSignInsRemoved).toBe(1);
		const left = db.select({ id: table.signIn.id }).from(table.signIn).all();
		expect(left.map((s) => s.id)).toContain('live');
		expect(left.map((s) => s.id)).not.toContain('expired');
	});

	it('erases personal data a year after the programme ends, keeping anonymous counts', async () => {
		const result = await runRetention(db, policy, now);
		expect(result.participantsErased).toBe(2);
		expect(result.expiredSignInsRemoved).toBe(0);

		const users = db
			.select({ id: table.user.id })
			.from(table.user)
			.all()
			.map((u) => u.id);
		expect(users.sort()).toEqual(['nav', 'recent']);
		expect(
			db
				.select()
				.from(table.participant)
				.all()
				.map((p) => p.userId)
		).toEqual(['recent']);
		expect(
			db
				.select()
				.from(table.booking)
				.all()
				.map((b) => b.id)
		).toEqual(['b3']);
		expect(
			db
				.select()
				.from(table.outcomeChange)
				.all()
				.map((c) => c.bookingId)
		).toEqual(['b3']);
		expect(
			db
				.select()
				.from(table.slot)
				.all()
				.map((s) => s.id)
		).toEqual(['group']);
		expect(db.select().from(table.signIn).all()).toEqual([]);
		expect(
			db
				.select({
					endMonth: table.retentionTally.endMonth,
					status: table.retentionTally.status,
					total: table.retentionTally.total
				})
				.from(table.retentionTally)
				.all()
				.sort((a, b) => a.endMonth.localeCompare(b.endMonth))
		).toEqual([
			{ endMonth: '2026-04', status: 'not_completed', total: 1 },
			{ endMonth: '2026-05', status: 'completed', total: 1 }
		]);

		const erasures = db
			.select()
			.from(table.auditLog)
			.where(eq(table.auditLog.action, 'participant.erase'))
			.all();
		expect(erasures.map((r) => [r.participantId, r.actorRole]).sort()).toEqual([
			['old1', 'system'],
			['old2', 'system']
		]);

		expect((await runRetention(db, policy, now)).participantsErased).toBe(0);
	});

	it('counts and audits each participant once when two runs overlap', async () => {
		const seenByTheSecondRun = participantsDueForErasure(db, policy, now);
		expect((await runRetention(db, policy, now)).participantsErased).toBe(2);

		expect(seenByTheSecondRun.map((p) => eraseParticipant(db, p, now))).toEqual([false, false]);
		expect(
			db
				.select({ total: table.retentionTally.total })
				.from(table.retentionTally)
				.all()
				.map((t) => t.total)
		).toEqual([1, 1]);
		expect(
			db.select().from(table.auditLog).where(eq(table.auditLog.action, 'participant.erase')).all()
		).toHaveLength(2);
	});

	it('takes the period from the environment', async () => {
		expect(retentionPolicyFromEnv({})).toEqual(policy);
		expect(retentionPolicyFromEnv({ RETENTION_MONTHS: '24', AUDIT_RETENTION_YEARS: '7' })).toEqual({
			personalDataMonths: 24,
			auditYears: 7
		});
		expect(
			retentionPolicyFromEnv({ RETENTION_MONTHS: 'soon', AUDIT_RETENTION_YEARS: '-1' })
		).toEqual(policy);
		const longer = { personalDataMonths: 15, auditYears: 6 };
		expect((await runRetention(db, longer, now)).participantsErased).toBe(0);
	});

	it('keeps audit rows for six years, and the log stays append-only afterwards', async () => {
		const triggers = () =>
			db.$client
				.prepare(`select name, sql from sqlite_master where type = 'trigger' order by name`)
				.all();
		const before = triggers();
		expect(before.map((t) => (t as { name: string }).name)).toEqual([
			'audit_log_no_delete',
			'audit_log_no_replace',
			'audit_log_no_update'
		]);
		recordAudit(
			db,
			navigator,
			{ action: 'participant.view' },
			null,
			new Date('2021-06-14T00:00:00Z')
		);
		recordAudit(
			db,
			navigator,
			{ action: 'participant.view' },
			null,
			new Date('2021-06-16T00:00:00Z')
		);

		expect((await runRetention(db, policy, now)).auditRowsRemoved).toBe(1);
		const left = db.select().from(table.auditLog).all();
		expect(left.some((r) => r.at.getTime() === new Date('2021-06-16T00:00:00Z').getTime())).toBe(
			true
		);
		expect(left.some((r) => r.at.getTime() === new Date('2021-06-14T00:00:00Z').getTime())).toBe(
			false
		);

		expect(triggers()).toEqual(before);
		expect(() => db.delete(table.auditLog).run()).toThrow(/append-only/);
		expect(() => db.update(table.auditLog).set({ reason: 'changed' }).run()).toThrow(/append-only/);
		expect(() => db.$client.exec('delete from audit_log where at > 0')).toThrow(/append-only/);
	});

	it('purges a batch at a time, the log guarded and other writers let in between batches', async () => {
		for (let day = 1; day <= 5; day++) {
			recordAudit(db, navigator, { action: 'participant.view' }, null, new Date(`2020-01-0${day}`));
		}
		recordAudit(db, navigator, { action: 'participant.view' }, null, now);
		const rows = () => db.select().from(table.auditLog).all().length;
		const before = rows();

		const purging = purgeOldAuditRows(db, policy, now, { batch: 2, pauseMs: 5 });
		expect(rows()).toBe(before - 2);
		recordAudit(db, navigator, { action: 'participant.view' }, null, now);
		expect(() => db.delete(table.auditLog).run()).toThrow(/append-only/);

		expect(await purging).toBe(5);
		expect(rows()).toBe(before - 5 + 1);
	});

	it('puts the guard back if the purge fails', async () => {
		db.$client.exec('drop trigger audit_log_no_delete');
		await expect(runRetention(db, policy, now)).rejects.toThrow(/missing/);
	});

	it('has an erasure step or a cascade for every reference to a user', () => {
		const tables = db.$client
			.prepare(
				`select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\'`
			)
			.all() as { name: string }[];
		const covered = new Set([...erasureSteps.flatMap((s) => s.covers), ...staffOnlyReferences]);
		const uncovered: string[] = [];
		for (const { name } of tables) {
			const keys = db.$client.prepare(`pragma foreign_key_list("${name}")`).all() as {
				table: string;
				from: string;
				on_delete: string;
			}[];
			for (const key of keys) {
				if (key.table !== 'user' || key.on_delete === 'CASCADE') continue;
				if (!covered.has(`${name}.${key.from}`)) uncovered.push(`${name}.${key.from}`);
			}
		}
		expect(uncovered, 'add an erasure step in retention.ts for these columns').toEqual([]);
	});
});
