import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { backupDatabase } from './backup';
import { openDatabase } from './db/open';

describe('online backup', () => {
	const dir = mkdtempSync(join(tmpdir(), 'checkpoint-backup-'));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('copies a database that is being written to, and the copy passes integrity_check', async () => {
		const live = openDatabase(join(dir, 'live.db'));
		const actor = { id: 'someone', role: 'coordinator' } as const;
		for (let i = 0; i < 2000; i++)
			recordAudit(live, actor, { action: 'seed', detail: 'x'.repeat(200) });
		let writing = true;
		let written = 0;
		const writer = (async () => {
			while (writing) {
				recordAudit(live, actor, { action: 'during.backup' });
				written++;
				await new Promise((r) => setImmediate(r));
			}
		})();
		const integrity = await backupDatabase(join(dir, 'live.db'), join(dir, 'copy.db'));
		writing = false;
		await writer;
		expect(integrity).toBe('ok');
		expect(written).toBeGreaterThan(0);

		const copy = new Database(join(dir, 'copy.db'), { readonly: true });
		const seeded = copy.prepare(`select count(*) as n from audit_log where action = 'seed'`).get();
		expect(seeded).toEqual({ n: 2000 });
		copy.close();
		live.$client.close();

		await expect(backupDatabase(join(dir, 'live.db'), join(dir, 'copy.db'))).rejects.toThrow(
			/already exists/
		);
		await expect(backupDatabase(join(dir, 'live.db'), join(dir, 'live.db'))).rejects.toThrow(
			/different file/
		);
	});
});
