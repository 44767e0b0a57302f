import { expect, test } from './fixtures';
import { lastAnswer, sendMessage, setUpLocalModel } from './helpers';

test('HTML and javascript: links in a model answer run nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await setUpLocalModel(page);
  await sendMessage(page, 'show me xss please');
  await lastAnswer(page);
  const answer = page.getByTestId('message-assistant').last();
  await expect(answer).toContainText('End of the unsafe test.');
  // The link text survives, its javascript: target does not.
  const link = answer.getByText('click me');
  await expect(link).toBeVisible();
  await link.click({ force: true });
  await page.waitForTimeout(300);
  const state = await answer.evaluate((el) => ({
    xss: (window as unknown as { __xss?: number }).__xss,
    scripts: el.querySelectorAll('script').length,
    handlers: [...el.querySelectorAll('*')].filter((n) =>
      [...n.attributes].some((a) => a.name.startsWith('on')),
    ).length,
    jsLinks: [...el.querySelectorAll('[href],[src]')].filter((n) =>
      /^\s*javascript:/i.test(n.getAttribute('href') ?? n.getAttribute('src') ?? ''),
    ).length,
  }));
  expect(state).toEqual({ xss: undefined, scripts: 0, handlers: 0, jsLinks: 0 });
  expect(dialogs).toEqual([]);
  // The stored answer is re-rendered after a reload: still inert.
  await page.reload();
  await expect(page.getByTestId('message-assistant').last()).toContainText('End of the unsafe test.');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
