import { londonToInstant } from '../../dates';
import { createStaffUser, enrolParticipant } from '../accounts';
import { createTestDb } from '../test-db';
import type { ActionInput } from './actions';

/** The plan specs' clock: a Monday early in the participant's four months. */
export const now = londonToInstant('2026-11-02', '12:00');

export function action(overrides: Partial<ActionInput> = {}): ActionInput {
	return {
		title: 'See the housing officer',
		description: '',
		dueDate: '2026-11-20',
		status: 'not_started',
		owner: 'participant',
		partnerName: '',
		partnerContact: '',
		...overrides
	};
}

/**
 * A fresh database with a navigator and one participant of theirs, whose contract started on
 * Saturday 31 October; `enrol` adds more.
 */
export function planFixture() {
	const db = createTestDb();
	const navigatorId = createStaffUser(db, {
		username: 'nav',
		displayName: 'Morgan Reid',
		role: 'navigator'
	});
	const enrol = (username: string, contractStart = '2026-10-31') =>
		enrolParticipant(
			db,
			{
				username,
				displayName: username,
				reference: username.toUpperCase(),
				contractStart,
				navigatorId,
				issuedBy: navigatorId
			},
			now
		).id;
	return { db, navigatorId, participantId: enrol('jordan'), enrol };
}
