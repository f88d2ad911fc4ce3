import { expect, test } from '@playwright/test';
import { restoreDrill } from '../../scripts/restore-drill';

test('a backup taken under a burst of writes restores into a new folder and runs there', async () => {
	test.setTimeout(120_000);
	const report = await restoreDrill();
	expect(report.acknowledgedBeforeBackup).toBeGreaterThanOrEqual(40);
	expect(report.integrity).toBe('ok');
	expect(report.missingFromRestore).toEqual([]);
	expect(report.restoredServerSignsIn).toBe(true);
});
