import { error, type RequestEvent } from '@sveltejs/kit';
import { londonDate, londonTime } from '$lib/dates';
import { findParticipantOfNavigator, listCaseload } from '$lib/server/accounts';
import { recordAudit, recordAuditOfEach } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { fieldError, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import { listActivePlaces, placeDetailsOf, placeText } from '$lib/server/places';
import { bookSlot } from '$lib/server/scheduling/booking';
import { cancelSlot, releaseBooking } from '$lib/server/scheduling/cancellation';
import { findNavigatorSlot } from '$lib/server/scheduling/navigator-schedule';
import { slotInputFrom, updateSlot } from '$lib/server/scheduling/slots';
import type { Actions, PageServerLoad } from './$types';

function ownSlotOr404(event: RequestEvent<{ slotId: string }>) {
	const navigator = requireNavigator(event);
	const slot = findNavigatorSlot(getDb(), navigator.id, event.params.slotId);
	if (!slot) error(404, 'Not found');
	return { navigator, slot };
}

export const load: PageServerLoad = async (event) => {
	const { navigator, slot } = ownSlotOr404(event);
	const db = getDb();
	await recordAuditOfEach(
		db,
		navigator,
		slot.bookings.map((booking) => booking.participantId),
		{ action: 'booking.view', detail: `slot ${slot.id}` },
		event.locals.requestId
	);
	const booked = new Set(
		slot.bookings.filter((b) => b.status === 'booked').map((b) => b.participantId)
	);
	const caseload = listCaseload(db, navigator.id)
		.filter((p) => p.active && p.status === 'active' && !booked.has(p.id))
		.filter((p) => !slot.participantId || p.id === slot.participantId)
		.map((p) => ({ id: p.id, displayName: p.displayName }));
	const place = placeDetailsOf(db, slot.placeId);
	const places = listActivePlaces(db).map((p) => ({ id: p.id, label: placeText(p) }));
	if (slot.placeId && place && !places.some((p) => p.id === slot.placeId))
		places.push({ id: slot.placeId, label: `${placeText(place)} (no longer on the list)` });
	return {
		now: new Date(),
		slot,
		place,
		places,
		caseload,
		created: Number(event.url.searchParams.get('created') ?? 0),
		current: {
			title: slot.title,
			date: londonDate(slot.startsAt),
			time: londonTime(slot.startsAt),
			minutes: String(Math.round((slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000)),
			capacity: String(slot.capacity),
			mode: slot.mode,
			placeId: slot.placeId ?? '',
			place: slot.place ?? '',
			mapUrl: slot.mapUrl ?? '',
			remoteDetails: slot.remoteDetails ?? ''
		}
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { navigator, slot } = ownSlotOr404(event);
		const values = slotInputFrom(await event.request.formData());
		const db = getDb();
		return withFieldErrors(
			{ action: 'update', values: { ...values, confirmOverlap: '' } },
			async () => {
				const affected = updateSlot(db, navigator.id, slot.id, values);
				await recordAuditOfEach(
					db,
					navigator,
					affected,
					{ action: 'slot.update', detail: `slot ${slot.id}: time or place changed` },
					event.locals.requestId
				);
				return { action: 'update', updated: true };
			}
		);
	},
	cancel: async (event) => {
		const { navigator, slot } = ownSlotOr404(event);
		const reason = textField(await event.request.formData(), 'reason');
		const db = getDb();
		return withFieldErrors({ action: 'cancel', values: { reason } }, async () => {
			const affected = cancelSlot(db, navigator.id, slot.id, reason);
			await recordAuditOfEach(
				db,
				navigator,
				affected,
				{ action: 'slot.cancel', reason, detail: `slot ${slot.id}` },
				event.locals.requestId
			);
			return { action: 'cancel', cancelled: affected.length };
		});
	},
	book: async (event) => {
		const { navigator, slot } = ownSlotOr404(event);
		const participantId = textField(await event.request.formData(), 'participantId');
		const db = getDb();
		return withFieldErrors(
			{ action: 'book', values: { participantId } },
			() => {
				const person = findParticipantOfNavigator(db, navigator.id, participantId);
				if (!person) fieldError('participantId', 'Choose someone on your caseload.');
				const bookingId = bookSlot(db, { slotId: slot.id, participantId, bookedBy: navigator.id });
				recordAudit(
					db,
					navigator,
					{ action: 'booking.create_on_behalf', participantId, detail: `booking ${bookingId}` },
					event.locals.requestId
				);
				return { action: 'book', booked: person.displayName };
			},
			// The page's one field is the person; a full session is said there too.
			(errors) => (errors.slotId ? { participantId: errors.slotId } : errors)
		);
	},
	release: async (event) => {
		const { navigator, slot } = ownSlotOr404(event);
		const data = await event.request.formData();
		const bookingId = textField(data, 'bookingId');
		const reason = textField(data, 'reason');
		const db = getDb();
		return withFieldErrors(
			{ action: 'release', bookingId, values: { reason } },
			() => {
				const participantId = releaseBooking(
					db,
					navigator.id,
					{ slotId: slot.id, bookingId },
					reason
				);
				recordAudit(
					db,
					navigator,
					{ action: 'booking.cancel', participantId, reason, detail: `booking ${bookingId}` },
					event.locals.requestId
				);
				return { action: 'release', released: true };
			},
			// Each booking has its own release form, so its reason field carries the booking id.
			({ reason: reasonError, ...rest }) =>
				reasonError ? { ...rest, [`release-${bookingId}`]: reasonError } : rest
		);
	}
};
