import { attendanceCsv, listAttendance } from '$lib/server/attendance/report';
import { csvHeaders } from '$lib/server/csv';
import { auditedAttendance } from '../report.server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { filter, rows } = await auditedAttendance(event, 'attendance.export', listAttendance);
	return new Response(attendanceCsv(rows), {
		headers: csvHeaders(`attendance-${filter.from}-to-${filter.to}.csv`)
	});
};
