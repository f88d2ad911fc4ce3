import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { PlaceDetails } from '../places';
import type { Db } from './db/open';
import * as table from './db/schema';
import { stepFreeAccess, type StepFreeAccess } from './db/schema';
import { checkLength, fieldError, fieldErrorCollector, textField } from './input';

/** A place form as typed: every field a string, so a mistake can be sent back as it was. */
export type PlaceInput = {
	name: string;
	address: string;
	mapUrl: string;
	directions: string;
	stepFree: string;
};

const placeFields = [
	'name',
	'address',
	'mapUrl',
	'directions',
	'stepFree'
] as const satisfies readonly (keyof PlaceInput)[];

export function placeInputFrom(data: FormData): PlaceInput {
	return Object.fromEntries(placeFields.map((name) => [name, textField(data, name)])) as PlaceInput;
}

export type Place = typeof table.place.$inferSelect;

/**
 * A map link is shown to participants as a link to follow, so only https is accepted: no
 * `javascript:` or plain-http address can reach their phones.
 */
export function checkMapUrl(field: string, value: string) {
	checkLength(field, value, 'the map link', 500);
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (!url || url.protocol !== 'https:')
		fieldError(field, 'Enter a map link starting with https://, or leave it empty.');
}

function readPlace(input: PlaceInput) {
	const c = fieldErrorCollector();
	c.check(() => checkLength('name', input.name, 'the name of the place', 80));
	c.check(() => checkLength('address', input.address, 'the address', 200));
	if (input.mapUrl) c.check(() => checkMapUrl('mapUrl', input.mapUrl));
	if (input.directions)
		c.check(() => checkLength('directions', input.directions, 'how to get there', 1000));
	const stepFree = (input.stepFree || 'unknown') as StepFreeAccess;
	c.check(() => {
		if (!stepFreeAccess.includes(stepFree)) fieldError('stepFree', 'Choose yes, no or not known.');
	});
	c.throwIfAny();
	return {
		name: input.name,
		address: input.address,
		mapUrl: input.mapUrl || null,
		directions: input.directions || null,
		stepFree
	};
}

/** How a slot at this place reads wherever a slot's address is shown. */
export function placeText(place: { name: string; address: string }) {
	return `${place.name}, ${place.address}`;
}

/** The places a navigator may choose for a new or changed slot, by name. */
export function listActivePlaces(db: Db) {
	return db
		.select()
		.from(table.place)
		.where(eq(table.place.active, true))
		.orderBy(asc(table.place.name))
		.all();
}

/** Every place, active ones first, for the coordinator's list. */
export function listPlaces(db: Db) {
	return db
		.select()
		.from(table.place)
		.orderBy(desc(table.place.active), asc(table.place.name))
		.all();
}

export function findPlace(db: Pick<Db, 'select'>, placeId: string) {
	return db.select().from(table.place).where(eq(table.place.id, placeId)).get();
}

export function placeDetailsOf(db: Db, placeId: string | null): PlaceDetails | null {
	if (!placeId) return null;
	const found = findPlace(db, placeId);
	if (!found) return null;
	const { name, address, mapUrl, directions, stepFree } = found;
	return { name, address, mapUrl, directions, stepFree };
}

export function createPlace(db: Db, input: PlaceInput) {
	const id = crypto.randomUUID();
	db.insert(table.place)
		.values({ id, ...readPlace(input) })
		.run();
	return id;
}

/**
 * Changes a place, and the address of every slot still to come there, so a corrected address
 * reaches everyone booked. Past slots keep the address they happened at.
 */
export function updatePlace(db: Db, placeId: string, input: PlaceInput, now = new Date()) {
	const place = readPlace(input);
	db.transaction(
		(tx) => {
			const changed = tx
				.update(table.place)
				.set(place)
				.where(and(eq(table.place.id, placeId), eq(table.place.active, true)))
				.run();
			if (changed.changes !== 1) fieldError('placeId', 'That place was not found.');
			tx.update(table.slot)
				.set({ place: placeText(place), mapUrl: place.mapUrl })
				.where(and(eq(table.slot.placeId, placeId), gt(table.slot.startsAt, now)))
				.run();
		},
		{ behavior: 'immediate' }
	);
}

/** Takes a place off the list for new slots; slots already there keep it. */
export function deactivatePlace(db: Db, placeId: string) {
	const changed = db
		.update(table.place)
		.set({ active: false })
		.where(and(eq(table.place.id, placeId), eq(table.place.active, true)))
		.run();
	if (changed.changes !== 1) fieldError('placeId', 'That place was not found.');
}
