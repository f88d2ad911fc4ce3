import { attendanceCsv, listAttendance } from '$lib/server/attendance/report';
import { auditedAttendance } from '../report.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { filter, rows } = await auditedAttendance(event, 'attendance.export', listAttendance);
	return new Response(attendanceCsv(rows), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="attendance-${filter.from}-to-${filter.to}.csv"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
