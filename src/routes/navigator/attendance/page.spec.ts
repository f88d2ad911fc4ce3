import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { pageOf } from '$lib/pagination';
import type { AttendanceRow } from '$lib/server/attendance/report';
import Page from './+page.svelte';
import type { PageData } from './$types';

// The demo caseloads are smaller than a page, so the pager is rendered here with a page of a
// national-sized report.
const filter = {
	from: '2026-01-01',
	to: '2026-03-31',
	participantId: 'p1',
	type: 'group' as const,
	outcome: 'attended' as const
};

function row(n: number): AttendanceRow & { changes: [] } {
	return {
		bookingId: `b${n}`,
		participantId: 'p1',
		displayName: 'Sam Okafor',
		reference: 'P1',
		navigatorId: 'n1',
		slotId: `s${n}`,
		title: 'Recovery group',
		type: 'group',
		mode: 'in_person',
		startsAt: new Date(Date.UTC(2026, 2, 1, 10) - n * 3_600_000),
		bookingStatus: 'booked',
		checkedInAt: null,
		delayedCheckinReview: null,
		cantMakeItAt: null,
		outcome: 'attended',
		outcomeReason: null,
		outcomeAt: null,
		effective: 'attended',
		state: { key: 'attended', label: 'Attended', tone: 'good', checkedInAt: null, detail: '' },
		changes: []
	};
}

function renderPage(total: number, requested: string) {
	const paging = pageOf(total, requested, 50);
	const data: PageData = {
		user: { id: 'n1', displayName: 'Morgan Reid', role: 'navigator', username: 'navigator1' },
		discreet: false,
		filter,
		people: [{ id: 'p1', displayName: 'Sam Okafor' }],
		rows: Array.from({ length: paging.last - paging.offset }, (_, i) => row(paging.offset + i)),
		paging,
		figures: { booked: total, attended: total, late: 0, missed: 0, missedAcceptable: 0, rate: 100 },
		weeks: []
	};
	const { body } = render(Page, { props: { data, form: null } });
	const href = (rel: string) =>
		new RegExp(`<a [^>]*rel="${rel}"[^>]*href="([^"]*)"`).exec(body)?.[1].replaceAll('&amp;', '&');
	const text = body.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ');
	const action = /<form method="POST" action="([^"]*)"/.exec(body)?.[1].replaceAll('&amp;', '&');
	return { text, previous: href('prev'), next: href('next'), action };
}

const query = '?from=2026-01-01&to=2026-03-31&participant=p1&type=group&outcome=attended';

describe('the attendance report table, a page at a time', () => {
	it('says which rows it shows, and links both ways keeping every filter', () => {
		const page = renderPage(2572, '2');
		expect(page.text).toContain('Showing 51–100 of 2,572 sessions');
		expect(page.text).toContain('Page 2 of 52');
		expect(page.text).toContain('Previous page');
		expect(page.text).toContain('Next page');
		expect(page.previous).toBe(`${query}#sessions`);
		expect(page.next).toBe(`${query}&page=3#sessions`);
		expect(page.action).toBe(`${query}&page=2&/outcome`);
	});

	it('has no Previous link on the first page and no Next link on the last', () => {
		const first = renderPage(2572, '1');
		expect(first.text).toContain('Showing 1–50 of 2,572 sessions');
		expect(first.previous).toBeUndefined();
		expect(first.next).toBe(`${query}&page=2#sessions`);
		expect(first.action).toBe(`${query}&/outcome`);

		const last = renderPage(2572, '99');
		expect(last.text).toContain('Showing 2,551–2,572 of 2,572 sessions');
		expect(last.previous).toBe(`${query}&page=51#sessions`);
		expect(last.next).toBeUndefined();
	});

	it("names each row's outcome control after the participant and session", () => {
		expect(renderPage(1, '1').text).toContain(
			'Record outcome for Sam Okafor, Sunday 1 March, 10:00am'
		);
	});

	it('has no pager when every row fits on one page', () => {
		const page = renderPage(1, '1');
		expect(page.text).toContain('Showing 1 of 1 session ');
		expect(page.text).not.toContain('Page 1 of 1');
		expect(page.previous).toBeUndefined();
		expect(page.next).toBeUndefined();
	});
});
