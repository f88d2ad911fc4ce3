import { describe, expect, it } from 'vitest';
import { pageOf, showing } from './pagination';

describe('pageOf', () => {
	it('gives the rows of the page asked for', () => {
		expect(pageOf(2572, '1', 50)).toEqual({
			page: 1,
			pages: 52,
			offset: 0,
			first: 1,
			last: 50,
			total: 2572
		});
		expect(pageOf(2572, '2', 50)).toMatchObject({ page: 2, offset: 50, first: 51, last: 100 });
		expect(pageOf(2572, '52', 50)).toMatchObject({
			page: 52,
			offset: 2550,
			first: 2551,
			last: 2572
		});
		expect(pageOf(100, '2', 50)).toMatchObject({ page: 2, pages: 2, first: 51, last: 100 });
	});

	it('shows the last page for a page past the end', () => {
		expect(pageOf(2572, '53', 50)).toMatchObject({ page: 52, first: 2551, last: 2572 });
		expect(pageOf(2572, '99999999999999999999', 50)).toMatchObject({ page: 52 });
		expect(pageOf(30, '2', 50)).toMatchObject({ page: 1, pages: 1, first: 1, last: 30 });
	});

	it('shows the first page for a missing or unusable value', () => {
		for (const requested of [null, '', '0', '-1', '-3', 'two', '1.5', '2abc', ' 2', '1e3'])
			expect(pageOf(2572, requested, 50), String(requested)).toMatchObject({
				page: 1,
				first: 1,
				last: 50
			});
	});

	it('has one empty page when there are no rows', () => {
		expect(pageOf(0, '3', 50)).toEqual({
			page: 1,
			pages: 1,
			offset: 0,
			first: 0,
			last: 0,
			total: 0
		});
	});
});

describe('showing', () => {
	it('says which rows are shown, of how many, in words', () => {
		expect(showing(pageOf(2572, '2', 50), 'session', 'sessions')).toBe(
			'Showing 51–100 of 2,572 sessions'
		);
		expect(showing(pageOf(1, null, 25), 'account', 'accounts')).toBe('Showing 1 of 1 account');
	});
});
