/** The programme's outcome, which the navigator records when the four months end. */
import { eq } from 'drizzle-orm';
import { outcomeLabels } from '../../plan';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError } from '../input';
import { planParticipant } from './contract';
import { logChange } from './history';

export function recordOutcome(
	db: Db,
	actorId: string,
	participantId: string,
	status: string,
	now = new Date()
) {
	const next = table.participantStatuses.find((s) => s === status);
	if (!next) fieldError('status', 'Choose an outcome.');
	db.transaction(
		(tx) => {
			// The same connection, so this reads inside the transaction too.
			const current = planParticipant(db, participantId);
			if (current.status === next) return;
			tx.update(table.participant)
				.set({ status: next })
				.where(eq(table.participant.userId, participantId))
				.run();
			logChange(
				tx,
				participantId,
				actorId,
				`Programme outcome recorded: ${outcomeLabels[next]}.`,
				false,
				now
			);
		},
		{ behavior: 'immediate' }
	);
}
