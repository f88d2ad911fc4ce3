import { describe, expect, it } from 'vitest';
import * as table from './db/schema';
import {
	createPlace,
	deactivatePlace,
	findPlace,
	listActivePlaces,
	listPlaces,
	updatePlace,
	type PlaceInput
} from './places';
import { findNavigatorSlot } from './scheduling/navigator-schedule';
import { createSlots, updateSlot, type SlotInput } from './scheduling/slots';
import { createTestDb, fieldErrorsOf } from '$fixtures/test-db';

const now = new Date('2026-03-20T12:00:00Z');

function setUp() {
	const db = createTestDb();
	db.insert(table.user)
		.values({ id: 'n1', username: 'n1', displayName: 'N1', role: 'navigator' })
		.run();
	return db;
}

function placeInput(overrides: Partial<PlaceInput> = {}): PlaceInput {
	return {
		name: 'Hub',
		address: '1 High Street, Durham DH1 3AA',
		mapUrl: '',
		directions: 'Bus 21 to the Market Place, then two minutes on foot.',
		stepFree: 'yes',
		...overrides
	};
}

function slotInput(overrides: Partial<SlotInput> = {}): SlotInput {
	return {
		type: 'one_to_one',
		title: '',
		date: '2026-03-23',
		time: '10:00',
		minutes: '',
		mode: 'in_person',
		placeId: '',
		place: '',
		mapUrl: '',
		remoteDetails: '',
		capacity: '',
		participantId: '',
		repeatWeeks: '',
		confirmOverlap: '',
		...overrides
	};
}

describe('places', () => {
	it('lists active places by name, and keeps what was entered', () => {
		const db = setUp();
		createPlace(db, placeInput({ name: 'Library' }));
		const hub = createPlace(db, placeInput({ mapUrl: 'https://osm.org/go/abc', stepFree: '' }));
		expect(listActivePlaces(db).map((p) => p.name)).toEqual(['Hub', 'Library']);
		expect(findPlace(db, hub)).toMatchObject({
			address: '1 High Street, Durham DH1 3AA',
			mapUrl: 'https://osm.org/go/abc',
			directions: 'Bus 21 to the Market Place, then two minutes on foot.',
			stepFree: 'unknown',
			active: true
		});
	});

	it('requires a name and an address, and names every mistake at once', () => {
		const db = setUp();
		expect(
			Object.keys(fieldErrorsOf(() => createPlace(db, placeInput({ name: '', address: '' }))))
		).toEqual(['name', 'address']);
		expect(listPlaces(db)).toEqual([]);
	});

	it.each(['http://example.org/map', 'javascript:alert(1)', 'maps.example.org', 'https://'])(
		'refuses the map link %s',
		(mapUrl) => {
			const db = setUp();
			expect(fieldErrorsOf(() => createPlace(db, placeInput({ mapUrl })))).toEqual({
				mapUrl: 'Enter a map link starting with https://, or leave it empty.'
			});
		}
	);

	it('refuses a step-free answer that is not offered', () => {
		const db = setUp();
		expect(fieldErrorsOf(() => createPlace(db, placeInput({ stepFree: 'maybe' })))).toHaveProperty(
			'stepFree'
		);
	});

	it('changes a place, and the address of its slots still to come but not of past ones', () => {
		const db = setUp();
		const hub = createPlace(db, placeInput());
		const [future] = createSlots(db, 'n1', slotInput({ placeId: hub }), now);
		const [past] = createSlots(db, 'n1', slotInput({ placeId: hub, date: '2026-03-21' }), now);
		updatePlace(
			db,
			hub,
			placeInput({ name: 'The Hub', mapUrl: 'https://osm.org/go/xyz' }),
			new Date('2026-03-22T12:00:00Z')
		);
		expect(findNavigatorSlot(db, 'n1', future, now)).toMatchObject({
			place: 'The Hub, 1 High Street, Durham DH1 3AA',
			mapUrl: 'https://osm.org/go/xyz'
		});
		expect(findNavigatorSlot(db, 'n1', past, now)).toMatchObject({
			place: 'Hub, 1 High Street, Durham DH1 3AA',
			mapUrl: null
		});
	});

	it('deactivates a place: no longer offered, but its slots keep it and can still be changed', () => {
		const db = setUp();
		const hub = createPlace(db, placeInput());
		const [slotId] = createSlots(db, 'n1', slotInput({ placeId: hub }), now);
		deactivatePlace(db, hub);
		expect(listActivePlaces(db)).toEqual([]);
		expect(listPlaces(db).map((p) => p.active)).toEqual([false]);
		expect(findNavigatorSlot(db, 'n1', slotId, now)).toMatchObject({ placeId: hub });
		updateSlot(db, 'n1', slotId, { ...slotInput({ placeId: hub, time: '11:00' }) }, now);
		expect(findNavigatorSlot(db, 'n1', slotId, now)?.placeId).toBe(hub);
		expect(fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ placeId: hub }), now))).toEqual({
			placeId: 'Choose a place from the list.'
		});
		expect(fieldErrorsOf(() => deactivatePlace(db, hub))).toHaveProperty('placeId');
		expect(fieldErrorsOf(() => updatePlace(db, hub, placeInput(), now))).toHaveProperty('placeId');
	});
});

describe('slots at a place', () => {
	it('take the name, address and map link of the chosen place', () => {
		const db = setUp();
		const hub = createPlace(db, placeInput({ mapUrl: 'https://osm.org/go/abc' }));
		const [slotId] = createSlots(
			db,
			'n1',
			slotInput({ placeId: hub, place: 'ignored', mapUrl: 'https://elsewhere.example' }),
			now
		);
		expect(findNavigatorSlot(db, 'n1', slotId, now)).toMatchObject({
			placeId: hub,
			place: 'Hub, 1 High Street, Durham DH1 3AA',
			mapUrl: 'https://osm.org/go/abc'
		});
	});

	it('must be at a listed place once there is one; remote slots need none', () => {
		const db = setUp();
		createPlace(db, placeInput());
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ place: '2 Low Street' }), now))
		).toEqual({ placeId: 'Choose the place.' });
		expect(
			fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ placeId: 'not-a-place' }), now))
		).toEqual({ placeId: 'Choose a place from the list.' });
		const [phone] = createSlots(
			db,
			'n1',
			slotInput({ mode: 'phone', remoteDetails: 'I will ring you.' }),
			now
		);
		expect(findNavigatorSlot(db, 'n1', phone, now)).toMatchObject({ placeId: null, place: null });
	});

	it('are typed in, with an optional https map link, while no place is listed', () => {
		const db = setUp();
		const [slotId] = createSlots(
			db,
			'n1',
			slotInput({ place: '2 Low Street', mapUrl: 'https://osm.org/go/low' }),
			now
		);
		expect(findNavigatorSlot(db, 'n1', slotId, now)).toMatchObject({
			placeId: null,
			place: '2 Low Street',
			mapUrl: 'https://osm.org/go/low'
		});
		expect(fieldErrorsOf(() => createSlots(db, 'n1', slotInput({ place: '' }), now))).toEqual({
			place: 'Enter the address.'
		});
		expect(
			fieldErrorsOf(() =>
				createSlots(db, 'n1', slotInput({ place: 'x', mapUrl: 'http://osm.org' }), now)
			)
		).toHaveProperty('mapUrl');
	});
});
