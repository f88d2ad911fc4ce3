import { pageOf } from '$lib/pagination';
import {
	countUsers,
	createStaffUser,
	enrolParticipant,
	findUser,
	listNavigators,
	listUsers,
	reassignParticipant,
	setUserActive
} from '$lib/server/accounts';
import { recordAudit } from '$lib/server/audit';
import { issueActivationCode } from '$lib/server/auth/activation';
import { resetTwoFactor } from '$lib/server/auth/two-factor';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { sendQueuedNotificationsNow } from '$lib/server/notifications/scheduler';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

/** Accounts shown at once: a national programme has tens of thousands. */
const usersPerPage = 25;

export const load: PageServerLoad = (event) => {
	requireCoordinator(event);
	const db = getDb();
	const search = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const paging = pageOf(countUsers(db, search), event.url.searchParams.get('page'), usersPerPage);
	return {
		search,
		paging,
		users: listUsers(db, search, { offset: paging.offset, limit: usersPerPage }),
		navigators: listNavigators(db)
	};
};

export const actions: Actions = {
	createStaff: async (event) => {
		const coordinator = requireCoordinator(event);
		const data = await event.request.formData();
		const values = {
			displayName: textField(data, 'displayName'),
			username: textField(data, 'username'),
			role: textField(data, 'role')
		};
		const role = values.role === 'coordinator' ? 'coordinator' : 'navigator';
		const db = getDb();
		return withFieldErrors({ action: 'createStaff', values }, () => {
			const id = createStaffUser(db, { ...values, role });
			const issued = issueActivationCode(db, id, coordinator.id);
			recordAudit(
				db,
				coordinator,
				{ action: 'account.create', detail: `${role} ${id}` },
				event.locals.requestId
			);
			return {
				action: 'createStaff',
				issued: {
					displayName: values.displayName,
					username: values.username.toLowerCase(),
					...issued
				}
			};
		});
	},
	createParticipant: async (event) => {
		const coordinator = requireCoordinator(event);
		const data = await event.request.formData();
		const values = {
			displayName: textField(data, 'displayName'),
			username: textField(data, 'username'),
			reference: textField(data, 'reference'),
			contractStart: textField(data, 'contractStart'),
			navigatorId: textField(data, 'navigatorId')
		};
		const db = getDb();
		return withFieldErrors({ action: 'createParticipant', values }, () => {
			const enrolled = enrolParticipant(db, { ...values, issuedBy: coordinator.id });
			recordAudit(
				db,
				coordinator,
				{ action: 'participant.enrol', participantId: enrolled.id },
				event.locals.requestId
			);
			return {
				action: 'createParticipant',
				issued: {
					displayName: values.displayName,
					username: enrolled.username,
					code: enrolled.code,
					expiresAt: enrolled.expiresAt
				}
			};
		});
	},
	reassign: async (event) => {
		const coordinator = requireCoordinator(event);
		const data = await event.request.formData();
		const values = {
			participantId: textField(data, 'participantId'),
			navigatorId: textField(data, 'navigatorId')
		};
		const db = getDb();
		return withFieldErrors({ action: 'reassign', values }, () => {
			if (reassignParticipant(db, values.participantId, values.navigatorId) > 0)
				sendQueuedNotificationsNow();
			recordAudit(
				db,
				coordinator,
				{
					action: 'participant.reassign',
					participantId: values.participantId,
					detail: `to ${values.navigatorId}`
				},
				event.locals.requestId
			);
			return { action: 'reassign', done: 'Caseload updated.' };
		});
	},
	setActive: async (event) => {
		const coordinator = requireCoordinator(event);
		const data = await event.request.formData();
		const active = textField(data, 'active') === 'true';
		const db = getDb();
		return withFieldErrors({ action: 'setActive' }, () => {
			const target = setUserActive(db, coordinator.id, textField(data, 'userId'), active);
			if (target.alerted > 0) sendQueuedNotificationsNow();
			recordAudit(
				db,
				coordinator,
				{
					action: active ? 'account.reactivate' : 'account.deactivate',
					participantId: target.role === 'participant' ? target.id : null,
					detail: target.id
				},
				event.locals.requestId
			);
			return {
				action: 'setActive',
				done: `${target.displayName} is now ${active ? 'active' : 'deactivated, and signed out everywhere'}.`
			};
		});
	},
	newCode: async (event) => {
		const coordinator = requireCoordinator(event);
		const userId = textField(await event.request.formData(), 'userId');
		const db = getDb();
		return withFieldErrors({ action: 'newCode' }, () => {
			const issued = issueActivationCode(db, userId, coordinator.id);
			const target = findUser(db, userId)!;
			recordAudit(
				db,
				coordinator,
				{
					action: 'activation_code.issue',
					participantId: target.role === 'participant' ? target.id : null,
					detail: target.id
				},
				event.locals.requestId
			);
			return {
				action: 'newCode',
				issued: {
					displayName: target.displayName,
					username: target.username,
					...issued,
					reset: !!target.passwordHash
				}
			};
		});
	},
	resetTwoFactor: async (event) => {
		const coordinator = requireCoordinator(event);
		const userId = textField(await event.request.formData(), 'userId');
		const db = getDb();
		return withFieldErrors({ action: 'resetTwoFactor' }, () => {
			const staff = resetTwoFactor(db, userId);
			recordAudit(
				db,
				coordinator,
				{ action: 'two_factor.reset', detail: staff.id },
				event.locals.requestId
			);
			return {
				action: 'resetTwoFactor',
				done: `${staff.displayName} is signed out and will set up sign-in codes again next time.`
			};
		});
	}
};
