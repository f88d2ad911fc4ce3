import { countUnsealedTotpKeys } from './auth/two-factor';
import type { Db } from './db/open';
import { notifyOffWarning, type NotifyConfig } from './notifications/notify-config';
import type { VapidKeys } from './notifications/push';
import type { SecretKey } from './secrets/at-rest';
import type { RetentionPolicy } from './retention';

export type ConfigurationStatus = {
	authenticatorKeys:
		{ sealed: true; unsealed: number } | { sealed: false; unsealed: number; warning: string };
	pushKeys: 'environment' | 'database';
	textAndEmail:
		| { on: true; service: 'GOV.UK Notify' | 'test service'; receipts: boolean }
		| { on: false; warning: string };
	retention: RetentionPolicy;
};

export const missingTotpKeyWarning =
	'TOTP_ENCRYPTION_KEY is not set: staff authenticator keys are stored in the database without encryption. Set it (openssl rand -base64 32) and run `npm run rotate-totp-key` with it as TOTP_ENCRYPTION_KEY_NEW.';

/** What the coordinator's settings page and the start-up log say about the configured secrets. */
export function configurationStatus(
	db: Db,
	settings: {
		totpSecretKey: SecretKey | null;
		vapidKeys: VapidKeys | null;
		notify: NotifyConfig | null;
		retention: RetentionPolicy;
	}
): ConfigurationStatus {
	const unsealed = countUnsealedTotpKeys(db);
	return {
		authenticatorKeys: settings.totpSecretKey
			? { sealed: true, unsealed }
			: { sealed: false, unsealed, warning: missingTotpKeyWarning },
		pushKeys: settings.vapidKeys ? 'environment' : 'database',
		textAndEmail: settings.notify
			? {
					on: true,
					service: settings.notify.baseUrl ? 'test service' : 'GOV.UK Notify',
					receipts: settings.notify.callbackToken !== null
				}
			: { on: false, warning: notifyOffWarning },
		retention: settings.retention
	};
}
