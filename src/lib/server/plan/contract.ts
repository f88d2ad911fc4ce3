/** The contract: its start date and conditions, and the participant whose contract it is. */
import { eq, sql } from 'drizzle-orm';
import { formatDay } from '../../dates';
import { communityLabels, defaultTarget, maxTarget, minTarget } from '../../plan';
import { contractEndFor } from '../../programme';
import { checkContractStart, findParticipant } from '../accounts';
import type { Db } from '../db/open';
import { preparedQuery } from '../db/prepared';
import * as table from '../db/schema';
import { fieldError, fieldErrorCollector } from '../input';
import { logChange } from './history';

/** The participant whose plan it is, with their contract dates and status. */
export function planParticipant(db: Db, participantId: string) {
	return (
		findParticipant(db, participantId) ??
		fieldError('participantId', 'That participant no longer exists.')
	);
}

export type ContractTerms = {
	victimCondition: boolean;
	communityCondition: table.CommunityCondition;
	volunteeringTarget: number | null;
	written: boolean;
};

/** The terms a contract has until the navigator writes it. */
const firstTerms = {
	victimCondition: false,
	communityCondition: 'volunteering',
	volunteeringTarget: defaultTarget
} satisfies Omit<ContractTerms, 'written'>;

const contractOf = preparedQuery((db) =>
	db
		.select()
		.from(table.contract)
		.where(eq(table.contract.participantId, sql.placeholder('participantId')))
		.prepare()
);

export function getContract(db: Db, participantId: string): ContractTerms {
	const row = contractOf(db).get({ participantId });
	if (!row) return { ...firstTerms, written: false };
	return {
		victimCondition: row.victimCondition,
		communityCondition: row.communityCondition,
		volunteeringTarget: row.volunteeringTarget,
		written: true
	};
}

export type ContractInput = {
	contractStart: string;
	victimCondition: boolean;
	communityCondition: string;
	volunteeringTarget: string;
};

/**
 * Saves the contract's start date and conditions. Each real change is kept, in plain English,
 * for the participant to acknowledge. Returns the summaries of what changed.
 */
export function saveContract(
	db: Db,
	actorId: string,
	participantId: string,
	input: ContractInput,
	now = new Date()
): string[] {
	return db.transaction(
		(tx) => {
			// The same connection, so these read inside the transaction too.
			const current = planParticipant(db, participantId);
			const { errors, check, throwIfAny } = fieldErrorCollector();
			if (input.contractStart !== current.contractStart) {
				check(() => checkContractStart(input.contractStart, now));
			}
			const community = table.communityConditions.find((c) => c === input.communityCondition);
			if (!community) errors.communityCondition = 'Choose volunteering, a GPS tag or neither.';
			let target: number | null = null;
			if (community === 'volunteering') {
				target = Number(input.volunteeringTarget);
				if (!input.volunteeringTarget || !Number.isInteger(target))
					errors.volunteeringTarget = `Enter a whole number of hours from ${minTarget} to ${maxTarget}.`;
				else if (target < minTarget || target > maxTarget)
					errors.volunteeringTarget = `The target must be between ${minTarget} and ${maxTarget} hours.`;
			}
			throwIfAny();

			const before = getContract(db, participantId);
			const changes: string[] = [];
			if (!before.written) changes.push('Your navigator wrote your contract with you.');
			if (input.contractStart !== current.contractStart) {
				const end = contractEndFor(input.contractStart);
				changes.push(
					`Your start date moved from ${formatDay(current.contractStart, now)} to ${formatDay(input.contractStart, now)}. Your plan now ends on ${formatDay(end, now)}.`
				);
			}
			if (before.written && before.victimCondition !== input.victimCondition)
				changes.push(
					input.victimCondition
						? 'Added: take part in putting things right with the person affected.'
						: 'Removed: taking part in putting things right with the person affected.'
				);
			if (before.written && before.communityCondition !== community)
				changes.push(`Your community condition is now: ${communityLabels[community!]}.`);
			if (before.written && community === 'volunteering' && before.volunteeringTarget !== target)
				changes.push(`Your volunteering target is now ${target} hours.`);
			if (changes.length === 0) return [];

			if (input.contractStart !== current.contractStart)
				tx.update(table.participant)
					.set({
						contractStart: input.contractStart,
						contractEnd: contractEndFor(input.contractStart)
					})
					.where(eq(table.participant.userId, participantId))
					.run();
			const values = {
				victimCondition: input.victimCondition,
				communityCondition: community!,
				volunteeringTarget: target,
				updatedAt: now
			};
			tx.insert(table.contract)
				.values({ participantId, ...values })
				.onConflictDoUpdate({ target: table.contract.participantId, set: values })
				.run();
			for (const summary of changes) logChange(tx, participantId, actorId, summary, true, now);
			return changes;
		},
		{ behavior: 'immediate' }
	);
}

/** Gives a plan its contract row, with the default terms, once something is added to it. */
export function ensureContract(tx: Db, participantId: string, now: Date) {
	tx.insert(table.contract)
		.values({ participantId, ...firstTerms, updatedAt: now })
		.onConflictDoNothing()
		.run();
}
