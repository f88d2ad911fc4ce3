import { changePassphrase } from '$lib/server/auth/passphrase-change';
import { isDiscreet, setDiscreet } from '$lib/server/accounts';
import { requireParticipant, requireUser } from '$lib/server/auth/guards';
import { endAccountAccess } from '$lib/server/auth/end-access';
import { passphraseCheckThrottle } from '$lib/server/auth/throttle';
import { staffAccessTo } from '$lib/server/audit-log';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { channelStates } from '$lib/server/notifications/delivery';
import { getVapidKeys } from '$lib/server/notifications/push';
import { rawField, textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		account: { username: user.username, displayName: user.displayName, role: user.role },
		pushPublicKey: getVapidKeys(getDb(), config().vapidKeys).publicKey,
		staffAccess: user.role === 'participant' ? staffAccessTo(getDb(), user.id) : null,
		discreet: user.role === 'participant' ? isDiscreet(getDb(), user.id) : null,
		stoppedChannels: channelStates(getDb(), user.id)
			.filter((c) => c.failure)
			.map((c) => c.channel)
	};
};

export const actions: Actions = {
	passphrase: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		return withFieldErrors({ action: 'passphrase' }, async () => {
			await changePassphrase(getDb(), passphraseCheckThrottle, {
				address: event.getClientAddress(),
				userId: user.id,
				keepSignInId: event.locals.signIn!.id,
				current: rawField(data, 'current'),
				passphrase: rawField(data, 'passphrase'),
				confirmation: rawField(data, 'confirmation')
			});
			return {
				action: 'passphrase',
				done: 'Your passphrase has been changed. You are signed out everywhere else.'
			};
		});
	},
	discreet: async (event) => {
		const participant = requireParticipant(event);
		const on = (await event.request.formData()).get('discreet') === 'on';
		setDiscreet(getDb(), participant.id, on);
		return {
			action: 'discreet',
			done: on
				? 'Discreet mode is on. Pages are called “Appointments” and calendars show no place.'
				: 'Discreet mode is off.'
		};
	},
	signOutEverywhere: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		endAccountAccess(getDb(), user.id, {
			signInId: event.locals.signIn!.id,
			pushEndpoint: textField(data, 'keepRemindersOn') || undefined
		});
		return {
			action: 'signOutEverywhere',
			done: 'You are now signed out on every other device. Any calendar link you shared has stopped working.'
		};
	}
};
