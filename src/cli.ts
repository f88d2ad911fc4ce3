/**
 * Operator commands that run on the production install (built to build/cli.js, no development
 * dependencies): `node build/cli.js backup` and `node build/cli.js rotate-totp-key`. Settings come
 * from the environment, as the server's do (docs/operations.md).
 */
import { backupDatabase } from './lib/server/db/backup';
import { openDatabase } from './lib/server/db/open';
import { resolveDatabaseSettings } from './lib/server/db/settings';
import { resealTotpKeys } from './lib/server/auth/two-factor';
import { parseSecretKey } from './lib/server/secrets/at-rest';

const commands: Record<string, () => void> = {
	backup() {
		const settings = resolveDatabaseSettings(process.env);
		const result = backupDatabase(settings.databasePath, settings.backupDirectory, {
			keep: settings.backupsKept
		});
		if (result.integrity !== 'ok') {
			console.error(`The copy failed its integrity check and was removed:\n${result.integrity}`);
			process.exit(1);
		}
		console.log(`Backed up to ${result.file} (integrity_check: ok)`);
		for (const old of result.removed) console.log(`Removed the older copy ${old}`);
	},

	'rotate-totp-key'() {
		const current = parseSecretKey(process.env.TOTP_ENCRYPTION_KEY, 'TOTP_ENCRYPTION_KEY');
		const next = parseSecretKey(process.env.TOTP_ENCRYPTION_KEY_NEW, 'TOTP_ENCRYPTION_KEY_NEW');
		if (!next) {
			console.error('Set TOTP_ENCRYPTION_KEY_NEW to the new key (openssl rand -base64 32).');
			process.exit(2);
		}
		const settings = resolveDatabaseSettings(process.env);
		const db = openDatabase(settings.databasePath, settings);
		try {
			const count = resealTotpKeys(db, current, next);
			console.log(
				`Sealed ${count} authenticator key(s) under the new key. Set TOTP_ENCRYPTION_KEY to it and start the server.`
			);
		} finally {
			db.$client.close();
		}
	}
};

const name = process.argv[2] ?? '';
const command = commands[name];
if (!command) {
	console.error(`Usage: node build/cli.js <${Object.keys(commands).join('|')}>`);
	process.exit(2);
}
try {
	command();
} catch (e) {
	console.error(e instanceof Error ? e.message : String(e));
	process.exit(1);
}
