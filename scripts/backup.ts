/**
 * Online backup of the running app's database. Usage: npm run backup -- <file>
 * Reads DATABASE_PATH (default ./data/checkpoint.db). Safe while the server is running.
 */
import { backupDatabase } from '../src/lib/server/backup';

const destination = process.argv[2];
if (!destination) {
	console.error('Usage: npm run backup -- <backup file>');
	process.exit(2);
}
const source = process.env.DATABASE_PATH || './data/checkpoint.db';
try {
	const integrity = await backupDatabase(source, destination);
	if (integrity !== 'ok') {
		console.error(`The copy failed its integrity check:\n${integrity}`);
		process.exit(1);
	}
	console.log(`Backed up ${source} to ${destination}; integrity_check: ok`);
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
}
