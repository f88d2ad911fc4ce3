/**
 * Each reason for attention, defined once: a plain function from what was read about one
 * participant to the reasons it gives. index.ts reads the facts; every list uses these rules.
 */
import type { AttentionReason } from '../../attention';
import { windowAt } from '../../checkin-windows';
import { addDays, formatDateTime, formatDay, londonDate, londonToInstant } from '../../dates';
import {
	callTimeInWords,
	helpTopicLabel,
	safetyTopics,
	strugglingAtOrBelow,
	wellbeingLabel
} from '../../support';
import type { SessionType } from '../db/schema';
import { lastDayOf } from '../../programme';
import { oneWorkingDayAfter } from './working-days';

const day = 86_400_000;

/** A struggling wellbeing answer stays on the list for this long, or until a newer answer. */
export const strugglingForDays = 14;
/** With no session attended, weekly wellbeing answer or message for this long, the navigator is asked to get in touch. */
export const noContactForDays = 7;
/** The plan is flagged when it ends within this many days. */
export const endingWithinDays = 14;

export type WellbeingFact = {
	id: string;
	score: number;
	helpWith: string;
	concernsSafety: boolean;
	createdAt: Date;
};

export type OpenBookingFact = {
	id: string;
	title: string;
	type: SessionType;
	startsAt: Date;
	checkedInAt: Date | null;
	cantMakeItAt: Date | null;
	/** A check-in from a phone offline reached us after the window, for the navigator to decide. */
	checkInToConfirm: boolean;
};

export type ParticipantFacts = {
	contractStart: string;
	contractEnd: string;
	/** The newest answer and every one that concerns safety (all the rules read), newest first. */
	wellbeingAnswers: WellbeingFact[];
	/** Their messages marked "I do not feel safe". */
	safetyMessages: { id: number; createdAt: Date }[];
	/** Call requests not done yet, with the time the navigator set to call, if any. */
	openCallbacks: { id: string; createdAt: Date; callAt: Date | null }[];
	/** Active bookings with no outcome recorded: "I can't make it", or started with no check-in. */
	openBookings: OpenBookingFact[];
	lastAttendedAt: Date | null;
	lastMessageFromThemAt: Date | null;
	/** The oldest of their messages after the navigator's last reply. */
	firstUnanswered: { id: number; createdAt: Date; count: number } | null;
	overdueActions: { id: string; title: string; dueDate: string }[];
	hoursToConfirm: { count: number; oldest: Date; newest: Date } | null;
	/** When a navigator last recorded getting in touch about no contact. */
	lastNoContactDealtWithAt: Date | null;
};

/** A safety concern's key, from a weekly wellbeing answer or a message; resolve.ts builds the same in SQL. */
export const safetyKey = (source: 'wellbeing' | 'message', id: string | number) =>
	source === 'wellbeing' ? `safety:${id}` : `safety_message:${id}`;

export function safetyReasons(f: ParticipantFacts): AttentionReason[] {
	const fromWellbeing = f.wellbeingAnswers
		.filter((c) => c.concernsSafety)
		.map((c): AttentionReason => ({
			key: safetyKey('wellbeing', c.id),
			kind: 'safety',
			severity: 'urgent',
			label: `Safety: ${c.helpWith
				.split(',')
				.filter((k) => safetyTopics.includes(k))
				.map(helpTopicLabel)
				.join('; ')} (weekly check-in)`,
			since: c.createdAt
		}));
	const fromMessages = f.safetyMessages.map((m): AttentionReason => ({
		key: safetyKey('message', m.id),
		kind: 'safety',
		severity: 'urgent',
		label: 'Safety: said in a message they do not feel safe',
		since: m.createdAt
	}));
	return [...fromWellbeing, ...fromMessages];
}

export function strugglingReasons(f: ParticipantFacts, now: Date): AttentionReason[] {
	const latest = f.wellbeingAnswers[0];
	if (!latest || latest.score > strugglingAtOrBelow) return [];
	if (latest.createdAt.getTime() < now.getTime() - strugglingForDays * day) return [];
	return [
		{
			key: `struggling:${latest.id}`,
			kind: 'struggling',
			severity: 'soon',
			label: `Weekly check-in: ${wellbeingLabel(latest.score)}`,
			since: latest.createdAt
		}
	];
}

export function callbackReasons(f: ParticipantFacts, now: Date): AttentionReason[] {
	return f.openCallbacks.map((c) => ({
		key: `callback:${c.id}`,
		kind: 'callback',
		severity: 'soon',
		label: c.callAt ? `Call set for ${callTimeInWords(c.callAt, now)}` : 'Asked for a call',
		since: c.createdAt
	}));
}

/** "I can't make it" (the only way to cancel late) and sessions missed with no outcome recorded. */
export function bookingReasons(f: ParticipantFacts, now: Date): AttentionReason[] {
	const reasons: AttentionReason[] = [];
	for (const b of f.openBookings) {
		const session = () => `${b.title}, ${formatDateTime(b.startsAt, now)}`;
		if (b.cantMakeItAt)
			reasons.push({
				key: `cant_make_it:${b.id}`,
				kind: 'cant_make_it',
				severity: 'soon',
				label: `Can't make it: ${session()}`,
				since: b.cantMakeItAt
			});
		else if (!b.checkedInAt && now.getTime() > windowAt(b.type, b.startsAt.getTime()).closesAt)
			reasons.push({
				key: `missed:${b.id}`,
				kind: b.checkInToConfirm ? 'checkin_to_confirm' : 'missed',
				severity: 'soon',
				label: b.checkInToConfirm
					? `Check-in to confirm: ${session()}`
					: `Missed ${session()}: no outcome recorded`,
				since: b.startsAt
			});
	}
	return reasons;
}

export function noContactReasons(f: ParticipantFacts, now: Date): AttentionReason[] {
	const contacts = [
		f.lastAttendedAt,
		f.wellbeingAnswers[0]?.createdAt ?? null,
		f.lastMessageFromThemAt,
		f.lastNoContactDealtWithAt
	].filter((d): d is Date => d !== null);
	const last = contacts.length > 0 ? Math.max(...contacts.map((d) => d.getTime())) : null;
	const from = last ?? londonToInstant(f.contractStart, '00:00').getTime();
	const since = from + noContactForDays * day;
	if (since > now.getTime()) return [];
	return [
		{
			key: `no_contact:${since}`,
			kind: 'no_contact',
			severity: 'soon',
			label:
				last === null
					? `No contact since the programme started`
					: `No contact for ${Math.floor((now.getTime() - last) / day)} days (session, weekly check-in or message)`,
			since: new Date(since)
		}
	];
}

export function overdueActionReasons(f: ParticipantFacts): AttentionReason[] {
	return f.overdueActions.map((a) => ({
		key: `overdue_action:${a.id}:${a.dueDate}`,
		kind: 'overdue_action',
		severity: 'soon',
		label: `Overdue: ${a.title} (due ${formatDay(a.dueDate)})`,
		since: londonToInstant(addDays(a.dueDate, 1), '00:00')
	}));
}

/** Their messages since the navigator's last reply: news at first, late after a working day. */
export function messageReasons(f: ParticipantFacts, now: Date): AttentionReason[] {
	const first = f.firstUnanswered;
	if (!first) return [];
	const late = oneWorkingDayAfter(first.createdAt);
	const overdue = late.getTime() <= now.getTime();
	const messages = first.count === 1 ? 'message' : `${first.count} messages`;
	return [
		{
			key: `message:${first.id}`,
			kind: 'message',
			severity: overdue ? 'soon' : 'info',
			label: overdue ? `No reply for over a working day (${messages})` : `New ${messages}`,
			since: first.createdAt
		}
	];
}

export function hoursReasons(f: ParticipantFacts): AttentionReason[] {
	const hours = f.hoursToConfirm;
	if (!hours) return [];
	return [
		{
			key: `hours:${hours.newest.getTime()}`,
			kind: 'hours',
			severity: 'info',
			label: `Volunteering hours to confirm (${hours.count} ${hours.count === 1 ? 'entry' : 'entries'})`,
			since: hours.oldest
		}
	];
}

/** The plan's last day (the one before the stored end) within `endingWithinDays`, until it has passed. */
export function endingReasons(f: ParticipantFacts, now: Date): AttentionReason[] {
	const today = londonDate(now);
	const lastDay = lastDayOf(f.contractEnd);
	if (lastDay < today || lastDay > addDays(today, endingWithinDays)) return [];
	return [
		{
			key: `ending:${f.contractEnd}`,
			kind: 'ending',
			severity: 'info',
			label: `Plan ends ${formatDay(lastDay, now)}`,
			since: londonToInstant(addDays(lastDay, -endingWithinDays), '00:00')
		}
	];
}

export const rules = [
	safetyReasons,
	strugglingReasons,
	callbackReasons,
	bookingReasons,
	noContactReasons,
	overdueActionReasons,
	messageReasons,
	hoursReasons,
	endingReasons
];
