import { error } from '@sveltejs/kit';
import { prefixed } from '$lib/forms';
import { readableAddress } from '$lib/contact-address';
import { requireUser } from '$lib/server/auth/guards';
import { config, notifySender } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import type { ContactChannel } from '$lib/server/db/schema';
import { rawField, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import {
	confirmCode,
	removeChannel,
	sendConfirmationCode,
	setChannelOn
} from '$lib/server/notifications/contacts';
import { channelStates } from '$lib/server/notifications/delivery';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		role: user.role,
		offered: config().notify !== null,
		channels: channelStates(getDb(), user.id)
	};
};

/** The channels this person may use: staff get urgent alerts by email only. */
function channelOf(data: FormData, role: string): ContactChannel {
	const channel = textField(data, 'channel');
	if (channel === 'email' || (channel === 'sms' && role === 'participant')) return channel;
	error(400, 'Choose text or email.');
}

/** Field ids carry the channel, as both forms share the page. */
const channelFields = (channel: ContactChannel) => (errors: Record<string, string>) =>
	prefixed(errors, `${channel}-`);

export const actions: Actions = {
	send: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const channel = channelOf(data, user.role);
		const sender = notifySender();
		if (!sender) error(404, 'Text and email are not available.');
		const value = textField(data, 'address');
		return withFieldErrors(
			{ action: channel, values: { address: value } },
			async () => {
				const address = await sendConfirmationCode(getDb(), sender, config().notify!, {
					userId: user.id,
					role: user.role,
					channel,
					value
				});
				return { action: channel, done: `We sent a code to ${readableAddress(address)}.` };
			},
			channelFields(channel)
		);
	},
	confirm: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const channel = channelOf(data, user.role);
		return withFieldErrors(
			{ action: channel, values: {} },
			() => {
				confirmCode(getDb(), { userId: user.id, channel, code: rawField(data, 'code') });
				return {
					action: channel,
					done: channel === 'sms' ? 'Done. Texts are on.' : 'Done. Emails are on.'
				};
			},
			channelFields(channel)
		);
	},
	turn: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const channel = channelOf(data, user.role);
		const on = textField(data, 'on') === 'yes';
		setChannelOn(getDb(), user.id, channel, on);
		const words = channel === 'sms' ? 'Texts' : 'Emails';
		return { action: channel, done: on ? `${words} are on.` : `${words} are off.` };
	},
	remove: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const channel = channelOf(data, user.role);
		removeChannel(getDb(), user.id, channel);
		return {
			action: channel,
			done:
				channel === 'sms' ? 'We have deleted your number.' : 'We have deleted your email address.'
		};
	}
};
