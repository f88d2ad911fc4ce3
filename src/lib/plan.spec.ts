import { describe, expect, it } from 'vitest';
import { explainConditions, formatHours, hoursToVolunteer } from './plan';

describe('the contract in plain English', () => {
	const contract = {
		victimCondition: false,
		communityCondition: 'volunteering' as const,
		volunteeringTarget: 24,
		areas: []
	};
	const titles = (c: Parameters<typeof explainConditions>[0]) =>
		explainConditions(c).map((condition) => condition.title);

	it('asks for volunteering hours only while the community condition is volunteering', () => {
		expect(hoursToVolunteer(contract)).toBe(24);
		expect(titles(contract)).toContain('Do 24 hours of volunteering');
		const tagged = { ...contract, communityCondition: 'tag' as const };
		expect(hoursToVolunteer(tagged)).toBeNull();
		expect(titles(tagged)).toEqual(['Do not commit another offence', 'Wear a GPS tag']);
		expect(titles({ ...contract, communityCondition: 'none' })).toEqual([
			'Do not commit another offence'
		]);
	});
});

describe('hours', () => {
	it('says quarter hours as hours', () => {
		expect(formatHours(4)).toBe('1 hour');
		expect(formatHours(6)).toBe('1.5 hours');
		expect(formatHours(1)).toBe('0.25 hours');
	});
});
