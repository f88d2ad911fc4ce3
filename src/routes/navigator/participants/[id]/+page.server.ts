import { error } from '@sveltejs/kit';
import { participantAttention } from '$lib/server/attention';
import { attentionHistory, resolveAttention } from '$lib/server/attention/resolve';
import { participantAttendance } from '$lib/server/attendance/caseload';
import { recordAudit } from '$lib/server/audit';
import { issueActivationCode } from '$lib/server/auth/activation';
import { requireNavigatorOf } from '$lib/server/auth/guards';
import { readableAddress } from '$lib/contact-address';
import { config, notifySender } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { sendConfirmationCode } from '$lib/server/notifications/contacts';
import { reminderSummary } from '$lib/server/notifications/delivery';
import { participantSupport } from '$lib/server/support/panel';
import { navigatorPlan } from '$lib/server/plan/view';
import { listSessionsOfParticipant } from '$lib/server/scheduling/participant-sessions';
import type { Actions, PageServerLoad } from './$types';
import { planActions } from './plan.server';

export const load: PageServerLoad = (event) => {
	const { navigator, participant } = requireNavigatorOf(event, event.params.id);
	const db = getDb();
	recordAudit(
		db,
		navigator,
		{ action: 'participant.view', participantId: participant.id },
		event.locals.requestId
	);
	return {
		participant,
		plan: navigatorPlan(db, participant.id),
		attendance: participantAttendance(db, participant.id),
		support: participantSupport(db, participant.id),
		attention: participantAttention(db, participant.id),
		attentionHistory: attentionHistory(db, participant.id),
		now: new Date(),
		sessions: listSessionsOfParticipant(db, participant.id),
		reminders: { offered: config().notify !== null, ...reminderSummary(db, participant.id) }
	};
};

export const actions: Actions = {
	...planActions,
	resolve: async (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const data = await event.request.formData();
		const values = {
			reasonKey: textField(data, 'reasonKey'),
			action: textField(data, 'action'),
			note: textField(data, 'note')
		};
		const db = getDb();
		return withFieldErrors({ action: 'resolve', reasonKey: values.reasonKey, values }, () => {
			const reason = resolveAttention(db, navigator.id, participant.id, values);
			recordAudit(
				db,
				navigator,
				{
					action: 'attention.resolve',
					participantId: participant.id,
					detail: `${reason.kind}${values.action && reason.kind === 'safety' ? `: ${values.action}` : ''}`
				},
				event.locals.requestId
			);
			return { attentionResolved: reason.label };
		});
	},
	/** Entered with the participant; it is used only once they enter the code sent to it. */
	reminderNumber: async (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const sender = notifySender();
		if (!sender) error(404, 'Text messages are not available.');
		const value = textField(await event.request.formData(), 'number');
		const db = getDb();
		return withFieldErrors(
			{ action: 'reminderNumber', values: { number: value } },
			async () => {
				const number = await sendConfirmationCode(db, sender, config().notify!, {
					userId: participant.id,
					role: 'participant',
					channel: 'sms',
					value,
					byStaff: true
				});
				recordAudit(
					db,
					navigator,
					{ action: 'reminder_number.enter', participantId: participant.id },
					event.locals.requestId
				);
				return {
					action: 'reminderNumber',
					done: `We sent a code to ${readableAddress(number)}. They enter it in the app, under Your account, Texts and emails.`
				};
			},
			(errors) => ({ 'reminder-number': errors.address })
		);
	},
	newCode: (event) => {
		const { navigator, participant } = requireNavigatorOf(event, event.params.id);
		const db = getDb();
		return withFieldErrors({ action: 'newCode' }, () => {
			const issued = issueActivationCode(db, participant.id, navigator.id);
			recordAudit(
				db,
				navigator,
				{ action: 'activation_code.issue', participantId: participant.id },
				event.locals.requestId
			);
			return {
				issued: {
					displayName: participant.displayName,
					username: participant.username,
					code: issued.code,
					expiresAt: issued.expiresAt,
					reset: participant.activated
				}
			};
		});
	}
};
