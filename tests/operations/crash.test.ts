import { expect, test } from '@playwright/test';
import { crashTest } from '../../scripts/crash-test';

test('kill -9 during a burst of writes loses nothing acknowledged and leaves the database sound', async () => {
	test.setTimeout(120_000);
	const report = await crashTest({ killAfterAcks: 60 });
	expect(report.acknowledged).toBeGreaterThanOrEqual(60);
	for (const [kind, count] of Object.entries(report.byWriter)) {
		expect(count, `acknowledged ${kind}`).toBeGreaterThan(0);
	}
	expect(report.integrity).toBe('ok');
	expect(report.lost).toEqual([]);
});
