import { redirect } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit';
import {
	codeGuessWasRight,
	countCodeGuess,
	requireTwoFactorStep
} from '$lib/server/auth/two-factor-routes';
import { useRecoveryCode, verifyTotp } from '$lib/server/auth/two-factor';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { textField } from '$lib/server/input';
import { withFieldErrors } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireTwoFactorStep(event, 'verify');
};

export const actions: Actions = {
	verify: async (event) => {
		const { user, signIn, onwards } = requireTwoFactorStep(event, 'verify');
		const blocked = countCodeGuess(event, user.id, 'verify');
		if (blocked) return blocked;
		const code = textField(await event.request.formData(), 'code');
		return withFieldErrors({ action: 'verify' }, () => {
			verifyTotp(getDb(), {
				userId: user.id,
				signInId: signIn.id,
				code,
				secretKey: config().totpSecretKey
			});
			codeGuessWasRight(event, user.id);
			redirect(303, onwards);
		});
	},
	recover: async (event) => {
		const { user, signIn, onwards } = requireTwoFactorStep(event, 'verify');
		const blocked = countCodeGuess(event, user.id, 'recover');
		if (blocked) return blocked;
		const code = textField(await event.request.formData(), 'code');
		const db = getDb();
		return withFieldErrors({ action: 'recover' }, () => {
			const left = useRecoveryCode(db, { userId: user.id, signInId: signIn.id, code });
			codeGuessWasRight(event, user.id);
			recordAudit(
				db,
				user,
				{ action: 'two_factor.recovery_code', detail: `${left} left` },
				event.locals.requestId
			);
			redirect(303, onwards);
		});
	}
};
