/** Why a participant needs their navigator: shared by every list that shows it, safe in the browser. */

export const severities = ['urgent', 'soon', 'info'] as const;
export type Severity = (typeof severities)[number];

export const severityLabels: Record<Severity, string> = {
	urgent: 'Urgent',
	soon: 'Soon',
	info: 'For information'
};

export type AttentionKind =
	| 'safety'
	| 'struggling'
	| 'callback'
	| 'cant_make_it'
	| 'missed'
	| 'checkin_to_confirm'
	| 'no_contact'
	| 'overdue_action'
	| 'message'
	| 'hours'
	| 'ending';

export type AttentionReason = {
	/** Names this occurrence: "dealt with" records it, and a new occurrence gets a new key. */
	key: string;
	kind: AttentionKind;
	severity: Severity;
	label: string;
	since: Date;
};

/**
 * Where a navigator acts on a reason: the thread for messages and calls, Today's list for a
 * check-in to confirm, else the participant's page.
 */
export function attentionHref(kind: AttentionKind, participantId: string) {
	if (kind === 'message' || kind === 'callback') return `/navigator/messages/${participantId}`;
	if (kind === 'checkin_to_confirm') return '/navigator#check-ins-to-confirm';
	return `/navigator/participants/${participantId}#attention`;
}

/** What a navigator may record for a safety concern, besides the note. */
export const safetyActions = [
	{ key: 'spoke_to_them', label: 'Spoke to them' },
	{ key: 'met_them', label: 'Met them in person' },
	{ key: 'safeguarding_referral', label: 'Made a safeguarding referral' },
	{ key: 'emergency_services', label: 'Called emergency services' },
	{ key: 'partner_referral', label: 'Referred to a partner service' },
	{ key: 'could_not_reach', label: 'Tried and could not reach them' }
] as const;

export function safetyActionLabel(key: string | null) {
	return safetyActions.find((a) => a.key === key)?.label ?? null;
}

/** Most severe first; within a severity, the one waiting longest first. */
export function compareReasons(a: AttentionReason, b: AttentionReason) {
	return (
		severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
		a.since.getTime() - b.since.getTime()
	);
}

/** People ordered by their most pressing reason, then by name; those with none last. */
export function compareByAttention(
	a: { displayName: string; attention: AttentionReason[] },
	b: { displayName: string; attention: AttentionReason[] }
) {
	const [first, second] = [a.attention[0], b.attention[0]];
	if (first && second)
		return compareReasons(first, second) || a.displayName.localeCompare(b.displayName);
	if (first || second) return first ? -1 : 1;
	return a.displayName.localeCompare(b.displayName);
}
