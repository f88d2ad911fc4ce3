import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordAudit, recordAuditOfEach } from './audit';
import { auditCsv, parseAuditFilter, searchAudit, staffAccessTo } from './audit-log';
import type { Connection } from './db/open';
import * as table from './db/schema';
import { createTestDb } from '$fixtures/test-db';

const nav = { id: 'n', role: 'navigator' } as const;
const coord = { id: 'c', role: 'coordinator' } as const;

describe('audit log reading', () => {
	let db: Connection;
	beforeEach(() => {
		db = createTestDb();
		db.insert(table.user)
			.values([
				{ id: 'n', username: 'nav', displayName: 'Morgan Reid', role: 'navigator' },
				{ id: 'c', username: 'coord', displayName: 'Pat', role: 'coordinator' },
				{ id: 'p', username: 'pat1', displayName: '=HYPERLINK("http://x")', role: 'participant' }
			])
			.run();
		db.insert(table.participant)
			.values({
				userId: 'p',
				reference: 'CP-1',
				navigatorId: 'n',
				contractStart: '2027-01-01',
				contractEnd: '2027-05-01'
			})
			.run();
		recordAudit(
			db,
			nav,
			{ action: 'participant.view', participantId: 'p' },
			'r1',
			new Date('2027-03-01T10:00:00Z')
		);
		recordAudit(
			db,
			nav,
			{ action: 'plan.update', participantId: 'p' },
			'r2',
			new Date('2027-03-02T10:00:00Z')
		);
		recordAudit(
			db,
			coord,
			{ action: 'account.create', detail: 'navigator x' },
			'r3',
			new Date('2027-03-03T23:30:00Z')
		);
		recordAudit(
			db,
			{ id: 'p', role: 'participant' },
			{ action: 'plan.acknowledge', participantId: 'p' },
			'r4',
			new Date('2027-03-04T10:00:00Z')
		);
	});

	const filter = (query: string) => parseAuditFilter(new URLSearchParams(query)).filter;

	it('filters by actor, participant, action and London dates', () => {
		expect(searchAudit(db, filter('')).total).toBe(4);
		expect(searchAudit(db, filter('actor=NAV')).rows.map((r) => r.requestId)).toEqual(['r2', 'r1']);
		expect(searchAudit(db, filter('participant=cp-1')).total).toBe(3);
		expect(
			searchAudit(db, filter('participant=pat1&action=participant')).rows.map((r) => r.requestId)
		).toEqual(['r1']);
		expect(searchAudit(db, filter('action=plan.update')).total).toBe(1);
		expect(searchAudit(db, filter('action=%')).total).toBe(0);
		// 23:30 UTC on 3 March is still 3 March in London in winter.
		expect(
			searchAudit(db, filter('from=2027-03-03&to=2027-03-03')).rows.map((r) => r.requestId)
		).toEqual(['r3']);
	});

	it('writes one row per participant of a list, each with the request and the time', async () => {
		db.insert(table.user)
			.values({ id: 'q', username: 'q1', displayName: 'Sam', role: 'participant' })
			.run();
		const at = new Date('2027-03-05T09:00:00Z');
		await recordAuditOfEach(
			db,
			nav,
			['p', 'q', 'p'],
			{ action: 'attendance.caseload.view', detail: 'caseload' },
			'r5',
			at
		);
		const rows = db
			.select()
			.from(table.auditLog)
			.all()
			.filter((r) => r.requestId === 'r5');
		expect(rows.map((r) => r.participantId).sort()).toEqual(['p', 'q']);
		expect(rows.every((r) => r.at.getTime() === at.getTime() && r.actorId === 'n')).toBe(true);
		expect(
			rows.every((r) => r.action === 'attendance.caseload.view' && r.detail === 'caseload')
		).toBe(true);
	});

	it('commits the list rows of every request in the same turn at once, before any is answered', async () => {
		const transaction = vi.spyOn(db.$client, 'transaction');
		const logged = () =>
			db
				.select()
				.from(table.auditLog)
				.all()
				.filter((r) => r.requestId === 'g1' || r.requestId === 'g2').length;
		const first = recordAuditOfEach(db, nav, ['p'], { action: 'attendance.caseload.view' }, 'g1');
		const second = recordAuditOfEach(db, coord, ['p'], { action: 'booking.view' }, 'g2');
		expect(logged()).toBe(0);
		await Promise.all([first, second]);
		expect(logged()).toBe(2);
		expect(transaction).toHaveBeenCalledTimes(1);
		// A list with no one in it has nothing to log and nothing to wait for.
		await recordAuditOfEach(db, nav, [], { action: 'attendance.caseload.view' }, 'g3');
		expect(transaction).toHaveBeenCalledTimes(1);
		transaction.mockRestore();
	});

	it('writes and commits nothing when a list is shown again within the window', async () => {
		const at = new Date('2027-03-05T09:00:00Z');
		await recordAuditOfEach(db, nav, ['p'], { action: 'attendance.caseload.view' }, 'w1', at);
		const transaction = vi.spyOn(db.$client, 'transaction');
		const later = new Date(at.getTime() + 14 * 60_000);
		await recordAuditOfEach(db, nav, ['p'], { action: 'attendance.caseload.view' }, 'w2', later);
		expect(transaction).not.toHaveBeenCalled();
		// Another list, or the same one once the window has passed, is logged.
		await recordAuditOfEach(db, nav, ['p'], { action: 'attendance.today.view' }, 'w3', later);
		const after = new Date(at.getTime() + 15 * 60_000);
		await recordAuditOfEach(db, nav, ['p'], { action: 'attendance.caseload.view' }, 'w4', after);
		expect(transaction).toHaveBeenCalledTimes(2);
		const logged = db
			.select()
			.from(table.auditLog)
			.all()
			.map((r) => r.requestId)
			.filter((id) => id?.startsWith('w'));
		expect(logged).toEqual(['w1', 'w3', 'w4']);
		transaction.mockRestore();
	});

	it('after a restart, looks a view up once and counts its window from the row found', async () => {
		const at = new Date('2027-03-05T09:00:00Z');
		// Written by the process that ran before this one, which this connection knows nothing of.
		db.insert(table.auditLog)
			.values({
				at,
				actorId: nav.id,
				actorRole: nav.role,
				action: 'attendance.caseload.view',
				participantId: 'p',
				requestId: 'before'
			})
			.run();
		const transaction = vi.spyOn(db.$client, 'transaction');
		const minutes = (m: number) => new Date(at.getTime() + m * 60_000);
		await recordAuditOfEach(
			db,
			nav,
			['p'],
			{ action: 'attendance.caseload.view' },
			'a1',
			minutes(5)
		);
		await recordAuditOfEach(
			db,
			nav,
			['p'],
			{ action: 'attendance.caseload.view' },
			'a2',
			minutes(10)
		);
		expect(transaction).toHaveBeenCalledTimes(1);
		await recordAuditOfEach(
			db,
			nav,
			['p'],
			{ action: 'attendance.caseload.view' },
			'a3',
			minutes(15)
		);
		const logged = db
			.select()
			.from(table.auditLog)
			.all()
			.map((r) => r.requestId)
			.filter((id) => id === 'before' || id?.startsWith('a'));
		expect(logged).toEqual(['before', 'a3']);
		transaction.mockRestore();
	});

	it('fails every request of the turn when their rows cannot be written, and the next turn afresh', async () => {
		const transaction = vi.spyOn(db.$client, 'transaction').mockImplementationOnce(() => {
			throw new Error('disk I/O error');
		});
		const first = recordAuditOfEach(db, nav, ['p'], { action: 'attendance.caseload.view' }, 'f1');
		const second = recordAuditOfEach(db, nav, ['p'], { action: 'attendance.caseload.view' }, 'f2');
		await expect(first).rejects.toThrow('disk I/O error');
		await expect(second).rejects.toThrow('disk I/O error');
		await recordAuditOfEach(db, nav, ['p'], { action: 'attendance.caseload.view' }, 'f3');
		expect(
			db
				.select()
				.from(table.auditLog)
				.all()
				.map((r) => r.requestId)
				.filter((id) => id?.startsWith('f'))
		).toEqual(['f3']);
		transaction.mockRestore();
	});

	it('paginates newest first', () => {
		const first = searchAudit(db, filter(''), 1, 3);
		expect(first.pages).toBe(2);
		expect(first.rows.map((r) => r.requestId)).toEqual(['r4', 'r3', 'r2']);
		expect(searchAudit(db, filter(''), 2, 3).rows.map((r) => r.requestId)).toEqual(['r1']);
	});

	it('rejects unusable dates with a message', () => {
		const parsed = parseAuditFilter(new URLSearchParams('from=yesterday&to=2027-01-01&page=-4'));
		expect(parsed.errors.from).toBeTruthy();
		expect(parsed.filter.from).toBe('');
		expect(parsed.page).toBe(1);
		expect(
			parseAuditFilter(new URLSearchParams('from=2027-02-01&to=2027-01-01')).errors.to
		).toBeTruthy();
	});

	it('exports CSV with formula cells neutralised', () => {
		const csv = auditCsv(db, filter('participant=CP-1'));
		const lines = csv.trim().split('\r\n');
		expect(lines).toHaveLength(4);
		expect(lines[0]).toContain('actor role');
		expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(csv).not.toMatch(/,=HYPERLINK/);
	});

	it('tells a participant which staff roles looked at or changed their record, without names', () => {
		const seen = staffAccessTo(db, 'p');
		expect(seen.records).toEqual([
			{ at: new Date('2027-03-02T10:00:00Z'), role: 'navigator', kind: 'changed' },
			{ at: new Date('2027-03-01T10:00:00Z'), role: 'navigator', kind: 'looked' }
		]);
		expect(JSON.stringify(seen)).not.toContain('Morgan');
	});
});

describe('what a participant is told of staff access', () => {
	it('keeps record views apart from list views, so many list views never hide one', async () => {
		const db = createTestDb();
		db.insert(table.user)
			.values([
				{ id: 'n', username: 'nav', displayName: 'Morgan Reid', role: 'navigator' },
				{ id: 'p', username: 'pat1', displayName: 'Pat', role: 'participant' }
			])
			.run();
		const viewed = new Date('2027-03-01T10:00:00Z');
		recordAudit(db, nav, { action: 'participant.view', participantId: 'p' }, 'r', viewed);
		for (let i = 0; i < 60; i++)
			await recordAuditOfEach(
				db,
				nav,
				['p'],
				{ action: 'attendance.caseload.view' },
				`l${i}`,
				new Date(viewed.getTime() + (i + 1) * 60_000)
			);
		const seen = staffAccessTo(db, 'p');
		expect(seen.records).toEqual([{ at: viewed, role: 'navigator', kind: 'looked' }]);
		// One a minute for an hour: logged once in each 15 minutes.
		expect(seen.lists).toEqual([{ day: '2027-03-01', role: 'navigator', times: 4 }]);
	});

	it('logs a list view once per participant in 15 minutes, however often it is refreshed', async () => {
		const db = createTestDb();
		db.insert(table.user)
			.values([
				{ id: 'n', username: 'nav', displayName: 'Morgan Reid', role: 'navigator' },
				{ id: 'p', username: 'pat1', displayName: 'Pat', role: 'participant' },
				{ id: 'q', username: 'pat2', displayName: 'Sam', role: 'participant' }
			])
			.run();
		const start = new Date('2027-03-01T10:00:00Z');
		const minutes = (m: number) => new Date(start.getTime() + m * 60_000);
		const view = (ids: string[], at: Date, action = 'attendance.caseload.view') =>
			recordAuditOfEach(db, nav, ids, { action }, null, at);
		await Promise.all([view(['p'], start), view(['p', 'q'], start)]);
		await view(['p', 'q'], minutes(14));
		await view(['p'], minutes(5), 'attendance.today.view');
		await view(['p', 'q'], minutes(15));
		const rows = db
			.select({
				participantId: table.auditLog.participantId,
				action: table.auditLog.action,
				at: table.auditLog.at
			})
			.from(table.auditLog)
			.all();
		expect(rows).toEqual([
			{ participantId: 'p', action: 'attendance.caseload.view', at: start },
			{ participantId: 'q', action: 'attendance.caseload.view', at: start },
			{ participantId: 'p', action: 'attendance.today.view', at: minutes(5) },
			{ participantId: 'p', action: 'attendance.caseload.view', at: minutes(15) },
			{ participantId: 'q', action: 'attendance.caseload.view', at: minutes(15) }
		]);
		// A record view is never grouped.
		recordAudit(db, nav, { action: 'participant.view', participantId: 'p' }, null, minutes(16));
		recordAudit(db, nav, { action: 'participant.view', participantId: 'p' }, null, minutes(16));
		expect(db.select().from(table.auditLog).all()).toHaveLength(7);
	});
});

describe('the audit log', () => {
	it('cannot have a row rewritten by REPLACE or an upsert', () => {
		const db = createTestDb();
		recordAudit(db, nav, { action: 'participant.view', participantId: 'p' }, 'r1');
		const { id } = db.select({ id: table.auditLog.id }).from(table.auditLog).get()!;
		for (const statement of [
			`insert or replace into audit_log (id, at, actor_id, actor_role, action) values (${id}, 0, 'x', 'navigator', 'forged')`,
			`replace into audit_log (id, at, actor_id, actor_role, action) values (${id}, 0, 'x', 'navigator', 'forged')`,
			`insert into audit_log (id, at, actor_id, actor_role, action) values (${id}, 0, 'x', 'navigator', 'forged') on conflict (id) do update set action = 'forged'`
		])
			expect(() => db.$client.exec(statement), statement).toThrow('append-only');
		expect(db.select().from(table.auditLog).all()).toEqual([
			expect.objectContaining({ id, action: 'participant.view' })
		]);
	});

	it('finds an action prefix with an underscore in it', () => {
		const db = createTestDb();
		db.insert(table.user)
			.values({ id: 'n', username: 'nav', displayName: 'Morgan', role: 'navigator' })
			.run();
		recordAudit(db, nav, { action: 'activation_code.issue' }, 'r1');
		recordAudit(db, nav, { action: 'activationXcode.issue' }, 'r2');
		const found = searchAudit(
			db,
			parseAuditFilter(new URLSearchParams('action=activation_code')).filter
		);
		expect(found.rows.map((r) => r.requestId)).toEqual(['r1']);
	});
});
