import { and, desc, eq, gte, inArray, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { addDays, isIsoDate, londonDate, londonToInstant } from '../dates';
import { listViewActions } from './audit';
import { toCsv } from './csv';
import type { Db } from './db/open';
import * as table from './db/schema';

export type AuditFilter = {
	/** Actor's username. */
	actor: string;
	/** Participant's username or programme reference. */
	participant: string;
	/** An action, or the start of one: 'participant' matches 'participant.view'. */
	action: string;
	/** London calendar dates, inclusive. */
	from: string;
	to: string;
};

export const auditPageSize = 50;

/** Reads the filter from a query string; an unusable date is dropped with a message. */
export function parseAuditFilter(params: URLSearchParams) {
	const get = (name: string) => (params.get(name) ?? '').trim().slice(0, 80);
	const filter: AuditFilter = {
		actor: get('actor').toLowerCase(),
		participant: get('participant'),
		action: get('action').toLowerCase(),
		from: get('from'),
		to: get('to')
	};
	const errors: Record<string, string> = {};
	for (const field of ['from', 'to'] as const) {
		if (filter[field] && !isIsoDate(filter[field])) {
			errors[field] = 'Enter a real date, like 2026-03-02.';
			filter[field] = '';
		}
	}
	if (filter.from && filter.to && filter.from > filter.to)
		errors.to = 'The end date must be on or after the start date.';
	const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
	return { filter, errors, page };
}

const actor = alias(table.user, 'actor');
const subject = alias(table.user, 'subject');

function conditions(filter: AuditFilter): SQL | undefined {
	const where: (SQL | undefined)[] = [];
	if (filter.actor) where.push(eq(actor.username, filter.actor));
	if (filter.participant)
		where.push(
			or(
				eq(subject.username, filter.participant.toLowerCase()),
				eq(table.participant.reference, filter.participant.toUpperCase())
			)
		);
	if (filter.action)
		where.push(
			or(
				eq(table.auditLog.action, filter.action),
				// Compared as text, not with LIKE, where '_' in 'activation_code' would be a wildcard.
				sql`substr(${table.auditLog.action}, 1, ${filter.action.length + 1}) = ${`${filter.action}.`}`
			)
		);
	if (filter.from) where.push(gte(table.auditLog.at, londonToInstant(filter.from, '00:00')));
	if (filter.to) where.push(lt(table.auditLog.at, londonToInstant(addDays(filter.to, 1), '00:00')));
	return and(...where);
}

function baseQuery(db: Db) {
	return db
		.select({
			id: table.auditLog.id,
			at: table.auditLog.at,
			actorRole: table.auditLog.actorRole,
			actorUsername: actor.username,
			actorName: actor.displayName,
			action: table.auditLog.action,
			participantId: table.auditLog.participantId,
			participantReference: table.participant.reference,
			participantName: subject.displayName,
			reason: table.auditLog.reason,
			detail: table.auditLog.detail,
			requestId: table.auditLog.requestId
		})
		.from(table.auditLog)
		.leftJoin(actor, eq(actor.id, table.auditLog.actorId))
		.leftJoin(subject, eq(subject.id, table.auditLog.participantId))
		.leftJoin(table.participant, eq(table.participant.userId, table.auditLog.participantId));
}

export type AuditRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['all']>>[number];

/** One page of the log, newest first, and the total that matched. */
export function searchAudit(db: Db, filter: AuditFilter, page = 1, pageSize = auditPageSize) {
	const where = conditions(filter);
	const rows = baseQuery(db)
		.where(where)
		.orderBy(desc(table.auditLog.at), desc(table.auditLog.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.all();
	const total =
		db
			.select({ total: sql<number>`count(*)` })
			.from(table.auditLog)
			.leftJoin(actor, eq(actor.id, table.auditLog.actorId))
			.leftJoin(subject, eq(subject.id, table.auditLog.participantId))
			.leftJoin(table.participant, eq(table.participant.userId, table.auditLog.participantId))
			.where(where)
			.get()?.total ?? 0;
	return { rows, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** Every matching row, for the CSV export, capped so one request cannot exhaust the server. */
export function auditCsv(db: Db, filter: AuditFilter, limit = 100_000) {
	const rows = baseQuery(db)
		.where(conditions(filter))
		.orderBy(desc(table.auditLog.at), desc(table.auditLog.id))
		.limit(limit)
		.all();
	return toCsv(
		[
			'time (UTC)',
			'actor role',
			'actor username',
			'actor name',
			'action',
			'participant reference',
			'participant name',
			'reason',
			'detail',
			'request id'
		],
		rows.map((r) => [
			r.at,
			r.actorRole,
			r.actorUsername,
			r.actorName,
			r.action,
			r.participantReference,
			r.participantName,
			r.reason,
			r.detail,
			r.requestId
		])
	);
}

const listedDaysShown = 14;
const listedRowsRead = 5000;

/**
 * For a participant's own account page: which staff roles looked at or changed their record, and
 * when; and, apart, on which days their name was shown in staff lists and how often. Roles only,
 * never names.
 */
export function staffAccessTo(db: Db, participantId: string, limit = 50) {
	const byStaff = and(
		eq(table.auditLog.participantId, participantId),
		ne(table.auditLog.actorRole, 'participant'),
		ne(table.auditLog.actorId, participantId)
	);
	const records = db
		.select({
			at: table.auditLog.at,
			role: table.auditLog.actorRole,
			action: table.auditLog.action
		})
		.from(table.auditLog)
		.where(and(byStaff, notInArray(table.auditLog.action, [...listViewActions])))
		.orderBy(desc(table.auditLog.at), desc(table.auditLog.id))
		.limit(limit)
		.all()
		.map((r) => ({ at: r.at, role: r.role, kind: accessKind(r.action) }));
	const lists: { day: string; role: table.AuditActorRole; times: number }[] = [];
	const listed = db
		.select({ at: table.auditLog.at, role: table.auditLog.actorRole })
		.from(table.auditLog)
		.where(and(byStaff, inArray(table.auditLog.action, [...listViewActions])))
		.orderBy(desc(table.auditLog.at))
		.limit(listedRowsRead)
		.all();
	for (const { at, role } of listed) {
		const day = londonDate(at);
		const same = lists.find((l) => l.day === day && l.role === role);
		if (same) same.times++;
		else if (lists.length < listedDaysShown) lists.push({ day, role, times: 1 });
	}
	return { records, lists };
}

/** 'looked' for views, reports and exports; 'changed' for everything else. */
export function accessKind(action: string): 'looked' | 'changed' {
	return /\.(view|report|export)$/.test(action) ? 'looked' : 'changed';
}
