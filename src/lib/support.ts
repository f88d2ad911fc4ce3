/** Wording shared by the support pages of both sides; no dependencies, safe in the browser. */
import { formatDay, formatTime } from './dates';

export const messageMaxLength = 2000;

export const wellbeingScale = [
	{ score: 1, label: 'Really struggling' },
	{ score: 2, label: 'Struggling' },
	{ score: 3, label: 'Getting by' },
	{ score: 4, label: 'Doing OK' },
	{ score: 5, label: 'Doing well' }
] as const;

/** Scores at or below this count as struggling: crisis contacts at once, top of the list. */
export const strugglingAtOrBelow = 2;

export function wellbeingLabel(score: number) {
	return wellbeingScale.find((s) => s.score === score)?.label ?? '';
}

/** The critical pathways, in the participant's words, plus "something else". */
export const helpTopics = [
	{ key: 'alcohol', label: 'Alcohol' },
	{ key: 'drugs', label: 'Drugs' },
	{ key: 'housing', label: 'Housing, somewhere to live' },
	{ key: 'mental_health', label: 'Mental health, how I feel' },
	{ key: 'physical_health', label: 'Physical health' },
	{ key: 'finances', label: 'Money and debts' },
	{ key: 'employment_education', label: 'Work, training or education' },
	{ key: 'relationships', label: 'Family and relationships' },
	{ key: 'exploitation', label: 'Someone is using or pressuring me' },
	{ key: 'threats', label: 'Someone is threatening me' },
	{ key: 'unsafe_home', label: 'I do not feel safe at home' },
	{ key: 'nowhere_to_sleep', label: 'I have nowhere to sleep tonight' },
	{ key: 'self_harm', label: 'I have thoughts of harming myself' },
	{ key: 'something_else', label: 'Something else' }
] as const;

/** Needs about safety: the navigator is told at once and must record what they did. */
export const safetyTopics: readonly string[] = [
	'exploitation',
	'threats',
	'unsafe_home',
	'nowhere_to_sleep',
	'self_harm'
];

export type HelpTopic = (typeof helpTopics)[number]['key'];

export function helpTopicLabel(key: string) {
	return helpTopics.find((t) => t.key === key)?.label ?? key;
}

export const defaultWorkingHours = 'Monday to Friday, 9am to 5pm';

/** '07700 900123', '0191 123 4567', '020 7946 0000' from a stored '0…' number. */
export function formatPhone(phone: string) {
	if (/^07\d{9}$/.test(phone)) return `${phone.slice(0, 5)} ${phone.slice(5)}`;
	if (/^02\d{9}$/.test(phone)) return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
	if (/^01\d{9}$/.test(phone)) return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
	return phone;
}

/** '2:30pm on Tuesday 8 December': when the navigator will call, the same in the app and in a text. */
export function callTimeInWords(callAt: Date, now = new Date()) {
	return `${formatTime(callAt)} on ${formatDay(callAt, now)}`;
}
