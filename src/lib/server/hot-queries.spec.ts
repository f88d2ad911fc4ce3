/**
 * The queries behind every request and the busiest pages must reach the big tables through an
 * index: at national scale (scripts/seed/scale.ts) a full scan of booking or slot costs hundreds
 * of milliseconds. Each entry runs real domain code (or, for the query shapes other modules must
 * keep, the SQL itself) and every statement it prepares is checked with EXPLAIN QUERY PLAN, for
 * a bound value that decides whether a partial index applies, and for a bound value that would
 * have the statement compiled again on every run.
 * A new hot path is covered by adding one entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findParticipant, findParticipantOfNavigator, listCaseload } from './accounts';
import { caseloadAttention, participantAttention } from './attention';
import { unactedSafetyConcerns } from './attention/resolve';
import { outcomeHistories } from './attendance/record-outcome';
import { createSignIn, validateSignInToken } from './auth/sign-in';
import type { Connection } from './db/open';
import * as table from './db/schema';
import { recordAuditOfEach } from './audit';
import { sessionCounts } from './plan/view';
import { nextBookingFor } from './scheduling/participant-sessions';
import { createTestDb } from '$fixtures/test-db';

/** Tables small enough to read whole; every other table (or alias) must be searched. */
const smallTables = ['app_setting'];
/**
 * Partial indexes that hold only the rows meant to be read whole: safety concerns, a handful
 * per participant at most, kept only as long as the participant's record.
 */
const smallIndexes = ['wellbeing_answer_safety_idx', 'message_safety_idx'];

type Fixture = { navigatorId: string; participantId: string; slotId: string; token: string };

const now = new Date('2026-03-10T10:00:00Z');
const from = new Date('2025-12-10T00:00:00Z').getTime();
const to = now.getTime();

const hotPaths: { name: string; run: (db: Connection, f: Fixture) => unknown }[] = [
	{
		name: 'sign-in check on every request',
		run: (db, f) => validateSignInToken(db, f.token, now)
	},
	{
		name: 'participant home',
		run: (db, f) => [
			findParticipant(db, f.participantId),
			nextBookingFor(db, f.participantId, now),
			sessionCounts(db, f.participantId, now)
		]
	},
	{ name: 'navigator caseload', run: (db, f) => listCaseload(db, f.navigatorId) },
	{
		name: 'what needs attention (Today, Caseload)',
		run: (db, f) => caseloadAttention(db, f.navigatorId, now)
	},
	{
		name: "what needs attention on a participant's page",
		run: (db, f) => participantAttention(db, f.participantId, now)
	},
	{
		name: 'safety concerns for the coordinator',
		run: (db) => unactedSafetyConcerns(db, now)
	},
	{
		name: 'navigator opens a participant',
		run: (db, f) => findParticipantOfNavigator(db, f.navigatorId, f.participantId)
	},
	{
		name: 'booking: take a place only while one is left',
		run: (db, f) =>
			db.$client
				.prepare(
					'update slot set booked_count = booked_count + 1 where id = ? and booked_count < capacity'
				)
				.run(f.slotId)
	},
	{
		name: "participant's next sessions",
		run: (db, f) =>
			db.$client
				.prepare(
					`select slot.* from booking join slot on slot.id = booking.slot_id
					 where booking.participant_id = ? and booking.status = 'booked' and slot.starts_at >= ?
					 order by slot.starts_at limit 5`
				)
				.all(f.participantId, to)
	},
	{
		name: "navigator's diary for a week",
		run: (db, f) =>
			db.$client
				.prepare('select * from slot where navigator_id = ? and starts_at >= ? and starts_at < ?')
				.all(f.navigatorId, to, to + 7 * 86_400_000)
	},
	{
		name: "a session's bookings (today view, check-in)",
		run: (db, f) =>
			db.$client
				.prepare("select * from booking where slot_id = ? and status = 'booked'")
				.all(f.slotId)
	},
	{
		name: "attendance report over three months of the navigator's current caseload",
		run: (db, f) =>
			db.$client
				.prepare(
					`select participant.user_id, slot.starts_at, slot.type, booking.outcome from participant
					 join booking on booking.participant_id = participant.user_id
					 join slot on slot.id = booking.slot_id
					 where participant.navigator_id = ? and slot.starts_at >= ? and slot.starts_at < ?
					 order by slot.starts_at`
				)
				.all(f.navigatorId, from, to)
	},
	{
		name: 'outcome corrections of a page of the attendance report',
		run: (db) => outcomeHistories(db, ['b1', 'b2'])
	},
	{
		name: "who viewed a participant's record",
		run: (db, f) =>
			db.$client
				.prepare('select * from audit_log where participant_id = ? order by at desc limit 50')
				.all(f.participantId)
	},
	{
		name: 'a list view logged for each participant shown (Caseload, Today)',
		run: (db, f) =>
			recordAuditOfEach(db, { id: f.navigatorId, role: 'navigator' }, [f.participantId], {
				action: 'attendance.caseload.view'
			})
	}
];

/** Every statement prepared on the connection while `work` runs, until what it returns settles. */
async function preparedDuring(db: Connection, work: () => unknown) {
	const client = db.$client;
	const original = client.prepare;
	const seen: string[] = [];
	client.prepare = ((source: string) => {
		seen.push(source);
		return original.call(client, source);
	}) as typeof client.prepare;
	try {
		await work();
	} finally {
		client.prepare = original;
	}
	return seen;
}

/**
 * Plan lines that read a whole table: SEARCH is an index lookup, SCAN is every row (even
 * "SCAN t USING COVERING INDEX" reads the whole index). A plan names an aliased table by its
 * alias, so any SCAN counts except of a subquery, a constant row, a small table or the values
 * the statement is given (`json_each(?) as shown`).
 */
function fullScans(db: Connection, source: string) {
	const given = [...source.matchAll(/json_each\(\?\) as (\w+)/gi)].map((m) => m[1]);
	const plan = db.$client
		.prepare(`explain query plan ${source}`)
		.all(...Array.from({ length: (source.match(/\?/g) ?? []).length }, () => null)) as {
		detail: string;
	}[];
	return plan
		.map((row) => row.detail)
		.filter((detail) => {
			const scanned = /^SCAN (\S+)/.exec(detail)?.[1];
			return (
				scanned !== undefined &&
				!scanned.startsWith('(') &&
				!detail.startsWith('SCAN CONSTANT ROW') &&
				!smallIndexes.some((index) => detail.endsWith(`USING INDEX ${index}`)) &&
				!smallTables.includes(scanned) &&
				!given.includes(scanned)
			);
		});
}

/**
 * A partial index's condition compared with a bound value (`booking.status = ?`): whether the
 * index applies depends on the value, so SQLite plans the statement again on every run.
 */
function boundPartialIndexConditions(db: Connection, source: string) {
	const conditions = db.$client
		.prepare(
			`select tbl_name, sql from sqlite_master where type = 'index' and sql like '% where %'`
		)
		.all() as { tbl_name: string; sql: string }[];
	return conditions.flatMap(({ tbl_name, sql }) => {
		const column = /where\s+"?(\w+)"?\s*=/i.exec(sql)?.[1];
		const bound = new RegExp(`"?${tbl_name}"?\\."?${column}"?\\s*=\\s*\\?`, 'i');
		return column && bound.test(source) ? [`${tbl_name}.${column} = ?`] : [];
	});
}

/**
 * A value bound bare where SQLite plans with it: `limit ?`, or `column = ?` in a statement that
 * joins, sorts, groups or takes a min() or max(). SQLite then asks to compile the statement
 * again whenever that value is bound anew, and better-sqlite3 binds anew on every run, so a
 * statement kept prepared is compiled on every call all the same. Written with `bound(name)`
 * (`+?`) from db/prepared.ts, or as a constant in the SQL, the value is left out of the plan.
 */
function compiledOnEveryRun(source: string) {
	const value = String.raw`(?:\?\d*|[@:$]\w+)`;
	const planned = /\b(join|order\s+by|group\s+by|distinct|min\(|max\()/i.test(source);
	const bare = [String.raw`\b(?:limit|offset)\s+${value}`];
	if (planned)
		bare.push(
			String.raw`(?<![<>!+])=\s*${value}`,
			String.raw`\bis\s+${value}`,
			String.raw`\bin\s*\(\s*${value}\s*\)`
		);
	return [...source.matchAll(new RegExp(bare.join('|'), 'gi'))].map((m) => m[0]);
}

describe('hot queries use indexes', () => {
	let db: Connection;
	let fixture: Fixture;

	beforeAll(() => {
		db = createTestDb();
		const navigatorId = 'n1';
		const participantId = 'p1';
		db.insert(table.user)
			.values([
				{ id: navigatorId, username: 'n1', displayName: 'N', role: 'navigator' },
				{ id: participantId, username: 'p1', displayName: 'P', role: 'participant' }
			])
			.run();
		db.insert(table.participant)
			.values({
				userId: participantId,
				reference: 'R1',
				navigatorId,
				contractStart: '2026-01-05',
				contractEnd: '2026-05-05'
			})
			.run();
		db.insert(table.slot)
			.values({
				id: 's1',
				navigatorId,
				type: 'group',
				title: 'Group',
				startsAt: new Date(to + 86_400_000),
				endsAt: new Date(to + 90_000_000),
				mode: 'in_person',
				capacity: 4,
				checkinSecret: 'secret'
			})
			.run();
		const { token } = createSignIn(db, participantId, 'participant', now);
		fixture = { navigatorId, participantId, slotId: 's1', token };
	});

	for (const path of hotPaths) {
		it(path.name, async () => {
			const statements = await preparedDuring(db, () => path.run(db, fixture));
			// Kept prepared (not prepared again the next time), so compiling it again would be waste.
			const preparedAgain = await preparedDuring(db, () => path.run(db, fixture));
			expect(statements.length).toBeGreaterThan(0);
			for (const source of statements) {
				expect(fullScans(db, source), source).toEqual([]);
				expect(boundPartialIndexConditions(db, source), source).toEqual([]);
				if (!preparedAgain.includes(source)) expect(compiledOnEveryRun(source), source).toEqual([]);
			}
		});
	}
});
