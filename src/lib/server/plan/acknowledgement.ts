/** The participant reads their contract, and each change to it, and says they understood. */
import { and, asc, count, desc, eq, gt, max, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { bound, preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { fieldError } from '../input';

export type AcknowledgementState = {
	/** Nothing to read yet: the navigator has not written the contract. */
	nothingToRead: boolean;
	/** Never acknowledged: the whole contract is new to them. */
	firstTime: boolean;
	lastAcknowledgedAt: Date | null;
	/** Contract changes since they last acknowledged, oldest first. */
	changes: { id: number; summary: string; changedAt: Date }[];
	latestChangeId: number;
};

const lastAcknowledgement = preparedQuery((db) =>
	db
		.select()
		.from(table.planAcknowledgement)
		.where(eq(table.planAcknowledgement.participantId, bound('participantId')))
		.orderBy(desc(table.planAcknowledgement.upToChangeId))
		.limit(1)
		.prepare()
);

/** The participant's contract changes made since they last acknowledged their contract. */
function changesToRead(db: Db) {
	const readUpTo = db
		.select({ upTo: max(table.planAcknowledgement.upToChangeId) })
		.from(table.planAcknowledgement)
		.where(eq(table.planAcknowledgement.participantId, bound('participantId')));
	return and(
		eq(table.planChange.participantId, bound('participantId')),
		sql`${table.planChange.needsAcknowledgement} = 1`,
		gt(table.planChange.id, sql`coalesce((${readUpTo}), 0)`)
	);
}

const contractChangesToRead = preparedQuery((db) =>
	db
		.select({
			id: table.planChange.id,
			summary: table.planChange.summary,
			changedAt: table.planChange.changedAt
		})
		.from(table.planChange)
		.where(changesToRead(db))
		.orderBy(asc(table.planChange.id))
		.prepare()
);

const contractChangesToReadCount = preparedQuery((db) =>
	db.select({ total: count() }).from(table.planChange).where(changesToRead(db)).prepare()
);

const contractChangeCount = preparedQuery((db) =>
	db
		.select({ total: count() })
		.from(table.planChange)
		.where(
			and(
				eq(table.planChange.participantId, bound('participantId')),
				sql`${table.planChange.needsAcknowledgement} = 1`
			)
		)
		.prepare()
);

export function acknowledgementState(db: Db, participantId: string): AcknowledgementState {
	const last = lastAcknowledgement(db).get({ participantId });
	const changes = contractChangesToRead(db).all({ participantId });
	const anyContract = contractChangeCount(db).get({ participantId });
	return {
		nothingToRead: (anyContract?.total ?? 0) === 0,
		firstTime: !last,
		lastAcknowledgedAt: last?.acknowledgedAt ?? null,
		changes,
		latestChangeId: changes.at(-1)?.id ?? last?.upToChangeId ?? 0
	};
}

/** Records that the participant read the contract as it stood at `upToChangeId`. */
export function acknowledgeContract(
	db: Db,
	participantId: string,
	upToChangeId: number,
	now = new Date()
) {
	if (!Number.isInteger(upToChangeId) || upToChangeId < 1)
		fieldError('acknowledge', 'Reload the page and read your contract again.');
	db.transaction(
		(tx) => {
			const change = tx
				.select({ id: table.planChange.id })
				.from(table.planChange)
				.where(
					and(
						eq(table.planChange.id, upToChangeId),
						eq(table.planChange.participantId, participantId)
					)
				)
				.get();
			if (!change) fieldError('acknowledge', 'Reload the page and read your contract again.');
			tx.insert(table.planAcknowledgement)
				.values({ participantId, upToChangeId, acknowledgedAt: now })
				.run();
		},
		{ behavior: 'immediate' }
	);
}

/** Whether the contract has changed since the participant last read it. */
export function hasChangesToRead(db: Db, participantId: string) {
	return (contractChangesToReadCount(db).get({ participantId })?.total ?? 0) > 0;
}

export function acknowledgementHistory(db: Db, participantId: string) {
	return db
		.select()
		.from(table.planAcknowledgement)
		.where(eq(table.planAcknowledgement.participantId, participantId))
		.orderBy(desc(table.planAcknowledgement.id))
		.all();
}
