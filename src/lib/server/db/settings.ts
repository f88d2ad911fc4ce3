import { defaultBackupDirectory } from './open';

const defaultDatabasePath = './data/checkpoint.db';
export const defaultBackupsKept = 14;

/** DATABASE_PATH, BACKUP_DIR and BACKUP_KEEP, with their defaults; a bad BACKUP_KEEP throws. */
export function resolveDatabaseSettings(env: Record<string, string | undefined>) {
	const databasePath = env.DATABASE_PATH || defaultDatabasePath;
	const keepSetting = env.BACKUP_KEEP || String(defaultBackupsKept);
	if (!/^[1-9]\d*$/.test(keepSetting)) {
		throw new Error(`BACKUP_KEEP must be a whole number from 1 (it is "${keepSetting}")`);
	}
	return {
		databasePath,
		backupDirectory: env.BACKUP_DIR || defaultBackupDirectory(databasePath),
		backupsKept: Number(keepSetting)
	};
}
