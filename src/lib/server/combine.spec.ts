import { describe, expect, it } from 'vitest';
import { combine } from './combine';

describe('combine', () => {
	it('makes a new object with the keys of each part, later parts winning', () => {
		const row = { id: 'p1', status: 'active' };
		const figures = { attended: 3, status: 'finished' };
		const combined = combine(row, figures, { attention: ['missed'] });
		expect(combined).toEqual({ id: 'p1', status: 'finished', attended: 3, attention: ['missed'] });
		expect(Object.keys(combined)).toEqual(['id', 'status', 'attended', 'attention']);
		expect(row).toEqual({ id: 'p1', status: 'active' });
		expect(combined).not.toBe(row);
	});

	it('copies values, not the getters that produce them, as a spread does', () => {
		let reads = 0;
		const lazy = {
			get count() {
				reads += 1;
				return reads;
			}
		};
		const combined = combine(lazy, { extra: true });
		expect(Object.getOwnPropertyDescriptor(combined, 'count')).toMatchObject({ value: 1 });
		expect(combined.count).toBe(1);
		expect(reads).toBe(1);
	});
});
