import { describe, expect, it } from 'vitest';
import { mapLinkFor } from './sessions';

describe('map link', () => {
	it('uses the link the navigator gave, or else searches for the address', () => {
		expect(mapLinkFor({ place: '1 High St', mapUrl: 'https://maps.example/x' })).toBe(
			'https://maps.example/x'
		);
		expect(mapLinkFor({ place: '3 Old Elvet, Durham', mapUrl: null })).toBe(
			'https://www.openstreetmap.org/search?query=3%20Old%20Elvet%2C%20Durham'
		);
		expect(mapLinkFor({ place: null, mapUrl: null })).toBeNull();
	});
});
