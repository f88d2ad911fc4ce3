import { recordAudit } from '../../src/lib/server/audit';
import type { Connection } from '../../src/lib/server/db/open';

const hour = 60 * 60 * 1000;

/** A little audit history, so the audit log and "who has looked at your record" show something. */
export function seedSecurity(db: Connection, ids: Map<string, string>, now: Date) {
	const coordinator = { id: ids.get('coordinator')!, role: 'coordinator' } as const;
	const navigator1 = { id: ids.get('navigator1')!, role: 'navigator' } as const;
	const navigator2 = { id: ids.get('navigator2')!, role: 'navigator' } as const;
	const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * hour);
	const rows: [typeof coordinator | typeof navigator1, string, string | null, number][] = [
		[coordinator, 'participant.enrol', 'participant1', 75],
		[navigator1, 'participant.view', 'participant1', 50],
		[navigator1, 'participant.view', 'participant3', 30],
		[navigator1, 'activation_code.issue', 'participant3', 29],
		[navigator2, 'participant.view', 'participant5', 26],
		[navigator1, 'participant.view', 'participant1', 4]
	];
	for (const [actor, action, participant, hoursAgo] of rows) {
		recordAudit(
			db,
			actor,
			{ action, participantId: participant ? ids.get(participant)! : null },
			null,
			at(hoursAgo)
		);
	}
}
