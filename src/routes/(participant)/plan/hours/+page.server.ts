import { requireParticipant } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { getContract } from '$lib/server/plan/contract';
import { answerHoursQuestion, hoursTotals, listHours, logHours } from '$lib/server/plan/hours';
import { findParticipant } from '$lib/server/accounts';
import { londonDate } from '$lib/dates';
import { hoursToVolunteer } from '$lib/plan';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireParticipant(event);
	const db = getDb();
	const entries = listHours(db, user.id);
	const contract = getContract(db, user.id);
	const person = findParticipant(db, user.id);
	return {
		today: londonDate(new Date()),
		active: person?.status === 'active',
		contractStart: person?.contractStart ?? '',
		target: hoursToVolunteer(contract),
		entries,
		totals: hoursTotals(entries)
	};
};

export const actions: Actions = {
	log: async (event) => {
		const user = requireParticipant(event);
		const data = await event.request.formData();
		const values = {
			date: textField(data, 'date'),
			hours: textField(data, 'hours'),
			place: textField(data, 'place'),
			note: textField(data, 'note')
		};
		return withFieldErrors({ action: 'log', values }, () => {
			logHours(getDb(), user.id, values);
			return { action: 'log', logged: true };
		});
	},
	answer: async (event) => {
		const user = requireParticipant(event);
		const data = await event.request.formData();
		const entryId = textField(data, 'entryId');
		const values = { answer: textField(data, 'answer'), hours: textField(data, 'hours') };
		return withFieldErrors({ action: 'answer', entryId, values }, () => {
			answerHoursQuestion(getDb(), user.id, entryId, values);
			return { action: 'answer', answered: entryId };
		});
	}
};
