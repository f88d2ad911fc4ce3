import { expect, test, type Browser, type Page } from '@playwright/test';
import { addDays, londonDate } from '../../src/lib/dates';
import { expectAccessible, expectReflow, signIn } from './helpers';

async function as(browser: Browser, username: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, username);
	return page;
}

/** The id in the address of a participant's page, found as their navigator would. */
async function openParticipant(page: Page, name: string) {
	await page.goto('/navigator');
	await page.locator('a[href^="/navigator/participants/"]', { hasText: name }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	return page.url().split('/').pop()!;
}

function origin() {
	return new URL(test.info().project.use.baseURL!).origin;
}

test.describe('a plan written by the navigator and read by the participant', () => {
	test.describe.configure({ mode: 'serial' });

	test('the navigator adds an area and an action, and the participant acknowledges', async ({
		browser
	}) => {
		const navigator = await as(browser, 'navigator1');
		await openParticipant(navigator, 'Jordan Ellis');
		await navigator.getByLabel('Area', { exact: true }).selectOption('mental_health');
		await navigator
			.getByLabel('Goal', { exact: true })
			.fill('Feel less anxious when out and about.');
		await navigator.getByRole('button', { name: 'Add area' }).click();
		const area = navigator.getByRole('region', { name: 'Mental health' });
		await expect(area).toContainText('Feel less anxious');

		await area.getByText('Add an action to Mental health').click();
		await area.getByLabel('What needs doing').fill('Go to the wellbeing walk on Thursday');
		const tooLate = addDays(londonDate(new Date()), 200);
		await area.getByLabel('Due date (optional)').fill(tooLate);
		await area.getByRole('button', { name: 'Add action' }).click();
		await expect(area.getByText('due after the contract ends').first()).toBeVisible();
		await expect(area).toContainText('Go to the wellbeing walk on Thursday');

		const participant = await as(browser, 'participant1');
		await participant.goto('/plan');
		await expect(participant.getByText('Please read your contract.')).toBeVisible();
		await expect(participant.getByRole('heading', { name: 'Mental health' })).toBeVisible();
		await expect(participant.getByText('Go to the wellbeing walk on Thursday')).toBeVisible();
		await participant.getByRole('link', { name: 'Read my contract' }).click();
		await expect(
			participant.getByRole('heading', { name: 'Do not commit another offence' })
		).toBeVisible();
		await participant
			.getByRole('button', { name: 'I have read and understood my contract' })
			.click();
		await expect(participant.getByRole('status')).toContainText('Thank you');
		await expect(participant.getByText(/You said you read and understood this on/)).toBeVisible();

		await navigator.reload();
		await expect(navigator.getByText('Up to date')).toBeVisible();
	});

	test('after a further change the participant sees what changed and acknowledges again', async ({
		browser
	}) => {
		const navigator = await as(browser, 'navigator1');
		await openParticipant(navigator, 'Jordan Ellis');
		await navigator.getByLabel(/Victim condition/).check();
		await navigator.getByLabel('Volunteering target (hours)').fill('24');
		await navigator.getByRole('button', { name: 'Save contract' }).click();
		await expect(navigator.getByText('Contract saved.')).toBeVisible();
		const history = navigator.getByRole('region', { name: 'Plan history', exact: true });
		await expect(history).toContainText('Your volunteering target is now 24 hours.');
		await expect(history).toContainText('Morgan Reid');
		await expect(navigator.getByText('2 changes to read')).toBeVisible();

		const participant = await as(browser, 'participant1');
		await participant.goto('/');
		await expect(participant.getByText('There is something new in your contract')).toBeVisible();
		await participant.goto('/plan');
		await expect(participant.getByText('Your navigator changed your contract.')).toBeVisible();
		await participant.getByRole('link', { name: 'Read my contract' }).click();
		const changes = participant.getByRole('region', { name: 'What changed' });
		await expect(changes).toContainText(
			'Added: take part in putting things right with the person affected.'
		);
		await expect(changes).toContainText('Your volunteering target is now 24 hours.');
		await expect(
			participant.getByRole('heading', { name: 'Take part in putting things right' })
		).toBeVisible();
		await participant
			.getByRole('button', { name: 'I have read and understood my contract' })
			.click();
		await expect(changes).toBeHidden();
		await participant.goto('/plan');
		await expect(participant.getByText('Your navigator changed your contract.')).toBeHidden();
	});
});

test('a start date too far back is refused with the reason, keeping what was typed', async ({
	page
}) => {
	await signIn(page, 'navigator2');
	await openParticipant(page, 'Toni Baker');
	const start = page.getByLabel('Contract start date');
	await start.fill(addDays(londonDate(new Date()), -200));
	await page.getByRole('button', { name: 'Save contract' }).click();
	await expect(page.getByRole('alert')).toContainText('cannot be more than 3 months ago');
	await expect(start).toHaveValue(addDays(londonDate(new Date()), -200));
});

test('the participant logs hours and the navigator confirms them', async ({ browser }) => {
	const participant = await as(browser, 'participant2');
	await participant.goto('/plan/hours');
	await participant.getByLabel('Date', { exact: true }).fill(addDays(londonDate(new Date()), 1));
	await participant.getByLabel('Hours', { exact: true }).fill('2.5');
	await participant.getByLabel('Where', { exact: true }).fill('Community garden, Gilesgate');
	await participant.getByRole('button', { name: 'Log hours' }).click();
	await expect(participant.getByRole('alert')).toContainText('cannot be in the future');
	await expect(participant.getByLabel('Where', { exact: true })).toHaveValue(
		'Community garden, Gilesgate'
	);
	await participant.getByLabel('Date', { exact: true }).fill(londonDate(new Date()));
	await participant.getByRole('button', { name: 'Log hours' }).click();
	await expect(participant.getByRole('status')).toContainText('Your navigator will check them');
	const entry = participant
		.getByRole('listitem')
		.filter({ hasText: 'Community garden, Gilesgate' });
	await expect(entry).toContainText('Waiting to be checked');

	const navigator = await as(browser, 'navigator1');
	await openParticipant(navigator, 'Sam Okafor');
	const review = navigator
		.getByRole('region', { name: 'Volunteering hours' })
		.getByRole('listitem')
		.filter({ hasText: 'Community garden, Gilesgate' });
	await review.getByRole('button', { name: 'Confirm' }).click();
	await expect(review).toContainText('Confirmed');

	await participant.reload();
	await expect(entry).toContainText('Confirmed');
});

test('a completed participant sees that there is no further action', async ({ page }) => {
	await signIn(page, 'participant4');
	await page.goto('/plan');
	await expect(page.getByRole('heading', { name: 'Completed – no further action' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Where to get support next' })).toBeVisible();
	await expectAccessible(page);
	await expectReflow(page);
});

test.describe('access to plans', () => {
	test('another navigator gets 404 for the page and its actions', async ({ browser }) => {
		const own = await as(browser, 'navigator1');
		const id = await openParticipant(own, 'Jordan Ellis');
		const other = await as(browser, 'navigator2');
		const response = await other.goto(`/navigator/participants/${id}`);
		expect(response?.status()).toBe(404);
		for (const action of ['saveContract', 'addPathway', 'recordOutcome', 'reviewHours']) {
			const posted = await other.request.post(`/navigator/participants/${id}?/${action}`, {
				form: { area: 'housing', goal: 'x', status: 'completed', contractStart: '2026-01-01' },
				headers: { origin: origin() }
			});
			expect(posted.status(), action).toBe(404);
		}
		await own.reload();
		await expect(own.getByRole('combobox', { name: 'Outcome' })).toHaveValue('active');
	});

	test('a participant cannot use the navigator actions', async ({ browser }) => {
		const own = await as(browser, 'navigator1');
		const id = await openParticipant(own, 'Jordan Ellis');
		const participant = await as(browser, 'participant1');
		for (const action of ['saveContract', 'addPathway', 'recordOutcome', 'setActionStatus']) {
			const posted = await participant.request.post(`/navigator/participants/${id}?/${action}`, {
				form: { area: 'housing', goal: 'x', status: 'completed' },
				headers: { origin: origin() }
			});
			expect(posted.status(), action).toBe(403);
		}
		const response = await participant.goto(`/navigator/participants/${id}`);
		expect(response?.status()).toBe(403);
	});

	test('staff cannot open the participant plan pages', async ({ page }) => {
		await signIn(page, 'navigator1');
		for (const path of ['/plan', '/plan/contract', '/plan/hours']) {
			expect((await page.goto(path))?.status(), path).toBe(403);
		}
	});
});
