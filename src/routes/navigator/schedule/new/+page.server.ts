import { redirect } from '@sveltejs/kit';
import { listCaseload } from '$lib/server/accounts';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { withFieldErrors } from '$lib/server/form-actions';
import { listActivePlaces, placeText } from '$lib/server/places';
import { createSlots, slotInputFrom } from '$lib/server/scheduling/slots';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const navigator = requireNavigator(event);
	const caseload = listCaseload(getDb(), navigator.id)
		.filter((p) => p.active && p.status === 'active')
		.map((p) => ({ id: p.id, displayName: p.displayName }));
	const forId = event.url.searchParams.get('participant');
	const places = listActivePlaces(getDb()).map((p) => ({ id: p.id, label: placeText(p) }));
	return { caseload, places, forId: caseload.some((p) => p.id === forId) ? forId : null };
};

export const actions: Actions = {
	default: async (event) => {
		const navigator = requireNavigator(event);
		const values = slotInputFrom(await event.request.formData());
		return withFieldErrors({ values: { ...values, confirmOverlap: '' } }, () => {
			const ids = createSlots(getDb(), navigator.id, values);
			redirect(303, `/navigator/schedule/${ids[0]}?created=${ids.length}`);
		});
	}
};
