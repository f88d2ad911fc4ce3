import { env } from '$env/dynamic/private';
import { resolveDatabaseSettings } from './db/settings';
import { parseSecretKey } from './secrets/at-rest';
import { createNotifySender, type NotifySender } from './notifications/notify';
import { notifyConfigFromEnv } from './notifications/notify-config';
import { vapidKeysFromEnv } from './notifications/push';
import { retentionPolicyFromEnv } from './retention';
import { controllerFromEnv } from './rights/controller';

/**
 * Settings read from the environment once, at start-up (docs/operations.md lists them all). A
 * malformed value stops the server at start instead of failing on the first request that needs it.
 */
export function readConfig(source: Record<string, string | undefined> = env) {
	return {
		database: resolveDatabaseSettings(source),
		totpSecretKey: parseSecretKey(source.TOTP_ENCRYPTION_KEY, 'TOTP_ENCRYPTION_KEY'),
		vapidKeys: vapidKeysFromEnv(source),
		notify: notifyConfigFromEnv(source),
		retention: retentionPolicyFromEnv(source),
		controller: controllerFromEnv(source)
	};
}

let current: ReturnType<typeof readConfig> | undefined;

export function config() {
	current ??= readConfig();
	return current;
}

let notify: NotifySender | undefined;

/** The Notify client, or null when no API key is set. */
export function notifySender(): NotifySender | null {
	const settings = config().notify;
	if (!settings) return null;
	notify ??= createNotifySender(settings);
	return notify;
}
