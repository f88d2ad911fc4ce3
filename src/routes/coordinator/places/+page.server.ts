import { fail } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { InputError, textField } from '$lib/server/input';
import {
	createPlace,
	deactivatePlace,
	listPlaces,
	placeInputFrom,
	updatePlace
} from '$lib/server/places';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireCoordinator(event);
	return { places: listPlaces(getDb()) };
};

function inputFailure(
	action: string,
	placeId: string | null,
	values: Record<string, string>,
	e: unknown
) {
	if (e instanceof InputError) return fail(400, { action, placeId, values, errors: e.fields });
	throw e;
}

export const actions: Actions = {
	create: async (event) => {
		const coordinator = requireCoordinator(event);
		const values = placeInputFrom(await event.request.formData());
		const db = getDb();
		try {
			const id = createPlace(db, values);
			recordAudit(
				db,
				coordinator,
				{ action: 'place.create', detail: `place ${id}` },
				event.locals.requestId
			);
			return { action: 'create', saved: values.name };
		} catch (e) {
			return inputFailure('create', null, values, e);
		}
	},
	update: async (event) => {
		const coordinator = requireCoordinator(event);
		const data = await event.request.formData();
		const placeId = textField(data, 'placeId');
		const values = placeInputFrom(data);
		const db = getDb();
		try {
			updatePlace(db, placeId, values);
			recordAudit(
				db,
				coordinator,
				{ action: 'place.update', detail: `place ${placeId}` },
				event.locals.requestId
			);
			return { action: 'update', placeId, saved: values.name };
		} catch (e) {
			return inputFailure('update', placeId, values, e);
		}
	},
	deactivate: async (event) => {
		const coordinator = requireCoordinator(event);
		const placeId = textField(await event.request.formData(), 'placeId');
		const db = getDb();
		try {
			deactivatePlace(db, placeId);
			recordAudit(
				db,
				coordinator,
				{ action: 'place.deactivate', detail: `place ${placeId}` },
				event.locals.requestId
			);
			return { action: 'deactivate', placeId };
		} catch (e) {
			return inputFailure('deactivate', placeId, {}, e);
		}
	}
};
