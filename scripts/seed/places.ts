/** Demo places: each navigator's office, the partner service and the volunteering garden. */
import type { Db } from '../../src/lib/server/db/open';
import { createPlace, type PlaceInput } from '../../src/lib/server/places';

const demoPlaces = {
	durhamHub: {
		name: 'Checkpoint hub',
		address: '14 Claypath, Durham DH1 1RH',
		mapUrl: 'https://www.openstreetmap.org/search?query=14%20Claypath%20Durham',
		directions:
			'From Durham bus station, walk over the river to the Market Place, then up Claypath. The blue door next to the bakery. Ring the bell.',
		stepFree: 'yes'
	},
	bishopAuckland: {
		name: 'Community rooms',
		address: 'Newgate Street, Bishop Auckland DL14 7EQ',
		mapUrl: '',
		directions:
			'Five minutes from Bishop Auckland bus station. Go in by the side door and up one flight of stairs.',
		stepFree: 'no'
	},
	recoveryService: {
		name: 'Recovery service',
		address: '3 Old Elvet, Durham DH1 3HL',
		mapUrl: '',
		directions: 'Over Elvet Bridge from the Market Place. Ask at the front desk.',
		stepFree: 'unknown'
	},
	garden: {
		name: 'Community garden',
		address: 'Allotments, Hallgarth Street, Durham DH1 3AT',
		mapUrl: '',
		directions:
			'Ten minutes on foot from the Market Place, along Hallgarth Street. Wear old shoes.',
		stepFree: 'yes'
	}
} satisfies Record<string, PlaceInput>;

export type DemoPlaces = Record<keyof typeof demoPlaces, string>;

/** Adds the demo places; returns their ids. */
export function seedPlaces(db: Db): DemoPlaces {
	return Object.fromEntries(
		Object.entries(demoPlaces).map(([key, input]) => [key, createPlace(db, input)])
	) as DemoPlaces;
}
