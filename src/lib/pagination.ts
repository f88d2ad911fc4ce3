export type Paging = {
	/** 1-based, always within 1..pages. */
	page: number;
	pages: number;
	/** Rows to skip before this page. */
	offset: number;
	/** 1-based positions of the first and last rows shown; both 0 when there are none. */
	first: number;
	last: number;
	total: number;
};

/** A count as people read it: 2,572. */
export const countText = (n: number) => n.toLocaleString('en-GB');

/** "Showing 51–100 of 2,572 sessions", or "Showing 1 of 1 session". */
export function showing({ first, last, total }: Paging, one: string, many: string) {
	const range = first === last ? countText(first) : `${countText(first)}–${countText(last)}`;
	return `Showing ${range} of ${countText(total)} ${total === 1 ? one : many}`;
}

/**
 * Which page of `total` rows to show for a `page` query value. The value comes from a link a
 * person may have edited or kept while the rows changed, so anything unusable shows the first
 * page and a page past the end shows the last, rather than an error or an empty table.
 */
export function pageOf(total: number, requested: string | null, size: number): Paging {
	const pages = Math.max(1, Math.ceil(total / size));
	const asked = /^\d+$/.test(requested ?? '') ? Number(requested) : 1;
	const page = Math.min(Math.max(asked, 1), pages);
	const offset = (page - 1) * size;
	const last = Math.min(offset + size, total);
	return { page, pages, offset, first: last > offset ? offset + 1 : 0, last, total };
}
