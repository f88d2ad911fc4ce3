import { pageOf } from '$lib/pagination';
import { listCaseload } from '$lib/server/accounts';
import { attendanceByWeek, figures } from '$lib/server/attendance/figures';
import { outcomeHistories, recordOutcome } from '$lib/server/attendance/record-outcome';
import { attendanceFacts, attendanceRowsOf } from '$lib/server/attendance/report';
import { recordAudit } from '$lib/server/audit';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';
import { auditedAttendance } from './report.server';

/**
 * Rows of the table at once: a full caseload has thousands of sessions in a quarter, too many to
 * read or render in one go, and each row carries its own outcome form, which the browser has to
 * start up too. The figures and the chart still cover every row of the filter.
 */
const rowsPerPage = 25;

export const load: PageServerLoad = async (event) => {
	const {
		navigator,
		db,
		filter,
		rows: facts
	} = await auditedAttendance(event, 'attendance.report.view', attendanceFacts);
	const paging = pageOf(facts.length, event.url.searchParams.get('page'), rowsPerPage);
	const shown = attendanceRowsOf(
		db,
		navigator.id,
		facts.slice(paging.offset, paging.offset + rowsPerPage).map((f) => f.bookingId)
	);
	const changes = outcomeHistories(
		db,
		shown.map((r) => r.bookingId)
	);
	return {
		filter,
		people: listCaseload(db, navigator.id).map((p) => ({ id: p.id, displayName: p.displayName })),
		rows: shown.map((r) => ({ ...r, changes: changes.get(r.bookingId) ?? [] })),
		paging,
		figures: figures(facts),
		weeks: attendanceByWeek(facts)
	};
};

export const actions: Actions = {
	outcome: async (event) => {
		const navigator = requireNavigator(event);
		const data = await event.request.formData();
		const values = {
			bookingId: textField(data, 'bookingId'),
			outcome: textField(data, 'outcome'),
			reason: textField(data, 'reason')
		};
		const db = getDb();
		return withFieldErrors({ action: 'outcome', values }, () => {
			const changed = recordOutcome(db, navigator.id, values);
			recordAudit(
				db,
				navigator,
				{
					action: 'attendance.outcome.update',
					participantId: changed.participantId,
					reason: values.reason || null,
					detail: `${values.bookingId}: ${changed.previous} → ${changed.outcome}`
				},
				event.locals.requestId
			);
			return { action: 'outcome', saved: values.bookingId };
		});
	}
};
