import { expect, test } from '@playwright/test';
import { freshAccount, origin, signIn } from './support';

const payload = '<img src=x onerror="window.xss=1"><b>Bold</b>';

/**
 * Where free text typed by one person is shown to another. A new free-text field adds the pages
 * that show it here. ':id' and ':username' stand for the account made with the payload as its name.
 */
const views: { who: 'coordinator' | 'navigator1' | 'self'; path: string; shows?: string }[] = [
	{ who: 'coordinator', path: '/coordinator/users' },
	{ who: 'coordinator', path: '/coordinator/audit?participant=:username' },
	{
		who: 'coordinator',
		path: `/coordinator/audit?actor=${encodeURIComponent(payload)}`,
		shows: payload.toLowerCase()
	},
	{ who: 'navigator1', path: '/navigator' },
	{ who: 'navigator1', path: '/navigator/participants/:id' },
	{ who: 'self', path: '/', shows: '<img' },
	{ who: 'self', path: '/account' },
	{ who: 'self', path: '/account/data' },
	{ who: 'coordinator', path: '/coordinator/users/:id/data' }
];

test('script and markup in free-text fields are shown as text', async ({ browser }) => {
	test.setTimeout(90_000);
	const coordinator = await signIn('coordinator');
	const account = await freshAccount('participant', coordinator, payload);
	const cookies = {
		coordinator,
		navigator1: await signIn('navigator1'),
		self: account.cookie
	};
	for (const view of views) {
		const context = await browser.newContext();
		const [name, value] = cookies[view.who].split('=');
		await context.addCookies([{ name, value, url: origin }]);
		const page = await context.newPage();
		let dialog = false;
		page.on('dialog', (d) => {
			dialog = true;
			void d.dismiss();
		});
		const path = view.path.replace(':id', account.id).replace(':username', account.username);
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(200);
		await page.waitForLoadState('networkidle');
		const found = await page.evaluate(
			(text) => ({
				shown:
					document.body.innerText.includes(text) ||
					[...document.querySelectorAll('input')].some((i) => i.value === text),
				injected: document.querySelectorAll('img[src="x"], b').length,
				ran: 'xss' in window
			}),
			view.shows ?? payload
		);
		expect(found, path).toEqual({ shown: true, injected: 0, ran: false });
		expect(dialog).toBe(false);
		await context.close();
	}
});
