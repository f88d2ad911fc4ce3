import { sql } from 'drizzle-orm';
import type { Connection } from './db/open';
import { preparedQuery } from './db/prepared';
import * as table from './db/schema';
import type { AuditActorRole } from './db/schema';

export type AuditActor = { id: string; role: AuditActorRole };

/**
 * Views of a list or schedule where a participant's name appears, as against views of their own
 * record: a participant is told of both, apart, so many list views never hide a record view.
 */
export const listViewActions: readonly string[] = [
	'attendance.caseload.view',
	'attendance.today.view',
	'attendance.report.view',
	'schedule.view',
	'booking.view',
	'message.inbox.view'
];

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
 * A list view is logged once per participant, member of staff and kind of list in this window:
 * refreshing a list shows nothing new, and a row per refresh would bury the record views.
 */
export const listViewWindowMs = 15 * 60 * 1000;

/**
 * When each view given (a JSON array of who, which list, which participant and when) was last
 * logged within the window before its time, or null. The check reads the participant's rows of
 * the window (audit_log_participant_idx): a few, where the actor's rows of the window are every
 * participant of every list they opened.
 */
const newestLoggedViews = preparedQuery((db: Connection) =>
	db.$client.prepare(
		`select shown.value ->> 'actorId' as actorId, shown.value ->> 'action' as action,
		   shown.value ->> 'participantId' as participantId,
		   (select max(at) from audit_log indexed by audit_log_participant_idx
		    where participant_id = shown.value ->> 'participantId'
		      and at > (shown.value ->> 'at') - ${listViewWindowMs}
		      and actor_id = shown.value ->> 'actorId' and action = shown.value ->> 'action') as at
		 from json_each(?) as shown`
	)
);

/**
 * The list views this process logged or found logged, by view (who, which list, which
 * participant), with when. Rows are never changed or removed within the window, so a view found
 * here is logged without asking the database: refreshing a list writes nothing and waits for no
 * commit.
 */
const loggedViews = new WeakMap<Connection, Map<string, number>>();
/** Past this many views remembered, those older than the window are forgotten. */
const rememberedViews = 50_000;

const viewOf = (row: { actorId: string; action: string; participantId: string | null }) =>
	`${row.actorId} ${row.action} ${row.participantId}`;

/** Remembers the views a commit wrote or found, each with when it was logged. */
function rememberLogged(db: Connection, logged: Map<string, number>) {
	let views = loggedViews.get(db);
	if (!views) loggedViews.set(db, (views = new Map()));
	let newest = -Infinity;
	for (const [view, at] of logged) {
		if ((views.get(view) ?? -Infinity) < at) views.set(view, at);
		newest = Math.max(newest, at);
	}
	if (views.size > rememberedViews)
		for (const [view, at] of views) if (at <= newest - listViewWindowMs) views.delete(view);
}

/** Whether this process logged the view within the window before `at`, or at it. */
function loggedWithinWindow(db: Connection, row: AuditRow) {
	const at = loggedViews.get(db)?.get(viewOf(row));
	return at !== undefined && at > row.at.getTime() - listViewWindowMs;
}

type AuditRow = {
	at: Date;
	actorId: string;
	actorRole: AuditActorRole;
	action: string;
	participantId: string | null;
	reason: string | null;
	requestId: string | null;
	detail: string | null;
	/** A list view, logged once in `listViewWindowMs`. */
	listView?: boolean;
};

function auditRows(
	actor: AuditActor,
	entries: AuditEntry[],
	requestId: string | null,
	now: Date
): AuditRow[] {
	return entries.map((entry) => ({
		at: now,
		actorId: actor.id,
		actorRole: actor.role,
		action: entry.action,
		participantId: entry.participantId ?? null,
		reason: entry.reason ?? null,
		requestId,
		detail: entry.detail ?? null
	}));
}

function appendInOneTransaction(db: Connection, rows: AuditRow[]) {
	const append = appendAuditRow(db);
	const firstOfEachView = new Map<string, AuditRow>();
	for (const row of rows)
		if (row.listView && !firstOfEachView.has(viewOf(row))) firstOfEachView.set(viewOf(row), row);
	// The views written or found in this commit, with when; remembered once it is committed.
	const logged = new Map<string, number>();
	db.$client.transaction(() => {
		if (firstOfEachView.size > 0) {
			// What the log already holds is remembered too, or a view logged before a restart would
			// be looked up on every request until its window passed.
			const shown = [...firstOfEachView.values()].map((row) => ({ ...row, at: row.at.getTime() }));
			const found = newestLoggedViews(db).all(JSON.stringify(shown)) as {
				actorId: string;
				action: string;
				participantId: string;
				at: number | null;
			}[];
			for (const view of found) if (view.at !== null) logged.set(viewOf(view), view.at);
		}
		for (const { listView, ...row } of rows) {
			if (listView) {
				const last = logged.get(viewOf(row));
				if (last !== undefined && last > row.at.getTime() - listViewWindowMs) continue;
				logged.set(viewOf(row), row.at.getTime());
			}
			append.run(row);
		}
	})();
	if (logged.size > 0) rememberLogged(db, logged);
}

/**
 * Appends one row to the audit log (Data Protection Act 2018, s.62). Rows are never updated or
 * deleted. Call it for every staff view of a participant's record or report, and every change.
 */
export function recordAudit(
	db: Connection,
	actor: AuditActor,
	entry: AuditEntry,
	requestId: string | null = null,
	now = new Date()
) {
	appendInOneTransaction(db, auditRows(actor, [entry], requestId, now));
}

/** Rows waiting for the commit at the end of this turn of the event loop, per database. */
const waiting = new WeakMap<Connection, { rows: AuditRow[]; committed: Promise<void> }>();

/**
 * Appends rows at the end of this turn of the event loop, in one transaction with those of every
 * other request handled in the same turn, and resolves once they are committed (rejects if they
 * could not be). Await it before answering, so nothing is shown that is not logged. Each commit
 * writes and syncs the log's pages; under load one commit now serves many page views.
 */
function recordAuditsTogether(db: Connection, rows: AuditRow[]): Promise<void> {
	if (rows.length === 0) return Promise.resolve();
	let batch = waiting.get(db);
	if (!batch) {
		const pending: AuditRow[] = [];
		const committed = new Promise<void>((resolve, reject) =>
			setImmediate(() => {
				waiting.delete(db);
				try {
					appendInOneTransaction(db, pending);
					resolve();
				} catch (e) {
					reject(e);
				}
			})
		);
		batch = { rows: pending, committed };
		waiting.set(db, batch);
	}
	batch.rows.push(...rows);
	return batch.committed;
}

/**
 * One row for each participant in a list a member of staff was shown, however often they
 * appear, and none for those the same list showed them in the last `listViewWindowMs`; committed
 * with the other requests' rows of the same turn (see recordAuditsTogether). A view this process
 * logged within the window is not looked up again.
 */
export function recordAuditOfEach(
	db: Connection,
	actor: AuditActor,
	participantIds: Iterable<string>,
	entry: Omit<AuditEntry, 'participantId'>,
	requestId: string | null = null,
	now = new Date()
): Promise<void> {
	return recordAuditsTogether(
		db,
		auditRows(
			actor,
			[...new Set(participantIds)].map((participantId) => ({
				action: entry.action,
				reason: entry.reason,
				detail: entry.detail,
				participantId
			})),
			requestId,
			now
		)
			.map((row) => ({ ...row, listView: true }))
			.filter((row) => !loggedWithinWindow(db, row))
	);
}
