export type CrisisContact = {
	name: string;
	what: string;
	call?: { label: string; tel: string };
	text?: { label: string; sms: string };
};

/** Crisis contacts shown on /help and /offline; both are precached so they work with no signal. */
export const crisisContacts: CrisisContact[] = [
	{
		name: 'Emergency',
		what: 'If you or someone else is in danger right now.',
		call: { label: 'Call 999', tel: '999' }
	},
	{
		name: 'NHS 111, option 2',
		what: 'Urgent help for your mental health, day or night.',
		call: { label: 'Call 111', tel: '111' }
	},
	{
		name: 'Samaritans',
		what: 'Someone to talk to, any time. Free to call.',
		call: { label: 'Call 116 123', tel: '116123' }
	},
	{
		name: 'Shout',
		what: 'If you would rather text than talk. Free, any time.',
		text: { label: 'Text SHOUT to 85258', sms: '85258?body=SHOUT' }
	},
	{
		name: 'FRANK',
		what: 'Honest, private advice about drugs and alcohol.',
		call: { label: 'Call 0300 123 6600', tel: '03001236600' },
		text: { label: 'Text 82111', sms: '82111' }
	},
	{
		name: 'Police, not an emergency',
		what: 'To report something that is not happening now.',
		call: { label: 'Call 101', tel: '101' }
	}
];
