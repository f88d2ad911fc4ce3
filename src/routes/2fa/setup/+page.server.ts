import QRCode from 'qrcode';
import { recordAudit } from '$lib/server/audit';
import {
	codeGuessWasRight,
	countCodeGuess,
	requireTwoFactorStep
} from '$lib/server/auth/two-factor-routes';
import { completeTotpSetup, describeTotpKey, newTotpKey } from '$lib/server/auth/two-factor';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

async function keyToShow(key: string, username: string) {
	const { text, uri } = describeTotpKey(key, username);
	return { key, text, qr: await QRCode.toDataURL(uri, { margin: 2, width: 220 }) };
}

export const load: PageServerLoad = async (event) => {
	const { user, onwards } = requireTwoFactorStep(event, 'setup');
	return { setup: await keyToShow(newTotpKey(), user.username), onwards };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, signIn, onwards } = requireTwoFactorStep(event, 'setup');
		const data = await event.request.formData();
		const key = textField(data, 'key');
		const code = textField(data, 'code');
		const setup = await keyToShow(key, user.username).catch(() => null);
		const blocked = countCodeGuess(event, user.id);
		if (blocked) return blocked;
		return withFieldErrors({ setup }, () => {
			const db = getDb();
			const recoveryCodes = completeTotpSetup(db, {
				userId: user.id,
				signInId: signIn.id,
				key,
				code,
				secretKey: config().totpSecretKey
			});
			codeGuessWasRight(event, user.id);
			recordAudit(
				db,
				user,
				{ action: 'two_factor.setup', detail: user.id },
				event.locals.requestId
			);
			return { recoveryCodes, onwards };
		});
	}
};
