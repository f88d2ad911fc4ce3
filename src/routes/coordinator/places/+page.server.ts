import { recordAudit } from '$lib/server/audit';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
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

export const actions: Actions = {
	create: async (event) => {
		const coordinator = requireCoordinator(event);
		const values = placeInputFrom(await event.request.formData());
		const db = getDb();
		return withFieldErrors({ action: 'create', placeId: null, values: values }, () => {
			const id = createPlace(db, values);
			recordAudit(
				db,
				coordinator,
				{ action: 'place.create', detail: `place ${id}` },
				event.locals.requestId
			);
			return { action: 'create', saved: values.name };
		});
	},
	update: async (event) => {
		const coordinator = requireCoordinator(event);
		const data = await event.request.formData();
		const placeId = textField(data, 'placeId');
		const values = placeInputFrom(data);
		const db = getDb();
		return withFieldErrors({ action: 'update', placeId, values: values }, () => {
			updatePlace(db, placeId, values);
			recordAudit(
				db,
				coordinator,
				{ action: 'place.update', detail: `place ${placeId}` },
				event.locals.requestId
			);
			return { action: 'update', placeId, saved: values.name };
		});
	},
	deactivate: async (event) => {
		const coordinator = requireCoordinator(event);
		const placeId = textField(await event.request.formData(), 'placeId');
		const db = getDb();
		return withFieldErrors({ action: 'deactivate', placeId, values: {} }, () => {
			deactivatePlace(db, placeId);
			recordAudit(
				db,
				coordinator,
				{ action: 'place.deactivate', detail: `place ${placeId}` },
				event.locals.requestId
			);
			return { action: 'deactivate', placeId };
		});
	}
};
