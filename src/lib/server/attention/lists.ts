import { compareByAttention } from '../../attention';
import { listCaseload } from '../accounts';
import { caseloadAttendance } from '../attendance/caseload';
import type { Db } from '../db/open';
import { caseloadAttention } from './index';

/** Today's "Needs attention": only those with something to act on, most pressing first. */
export function todayAttention(db: Db, navigatorId: string, now = new Date()) {
	const attention = caseloadAttention(db, navigatorId, now);
	return listCaseload(db, navigatorId)
		.map((p) => ({
			participantId: p.id,
			displayName: p.displayName,
			attention: attention.get(p.id) ?? []
		}))
		.filter((p) => p.attention.length > 0)
		.sort(compareByAttention);
}

/** The whole caseload with attendance figures and the same reasons, most pressing first. */
export function caseloadWithAttention(db: Db, navigatorId: string, now = new Date()) {
	const attention = caseloadAttention(db, navigatorId, now);
	return caseloadAttendance(db, navigatorId, now)
		.map((row) => ({ ...row, attention: attention.get(row.id) ?? [] }))
		.sort(compareByAttention);
}
