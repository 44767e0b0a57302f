import { HUB_URL } from './ports';
import { expect, test } from './fixtures';

test('the app is served with the strict policy and its companion headers', async ({ page }) => {
  const response = await page.goto('/#/chat');
  const headers = response!.headers();
  const policy = headers['content-security-policy']!;
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /object-src 'none'/,
  );
});

test('the guard sees a violation: an injected inline script does not run', async ({ page, csp }) => {
  csp.allow(/script-src|inline/i);
  await page.goto('/#/chat');
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
  });
  await expect.poll(() => csp.violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
});

test('a model host the policy does not list gets a clear message; one with credentials is refused', async ({
  page,
}) => {
  await page.goto('/#/settings');
  const host = page.getByLabel('Model host URL');
  await host.fill('http://user:secret@127.0.0.1:9/');
  await page.getByRole('button', { name: 'Save host' }).click();
  await expect(page.getByRole('alert')).toContainText('cannot contain a user name or password');
  await host.fill('https://mirror.example/');
  await page.getByRole('button', { name: 'Save host' }).click();
  await expect(page.getByTestId('host-csp-warning')).toContainText(
    'security policy blocked a request to https://mirror.example',
  );
  await host.fill(HUB_URL);
  await page.getByRole('button', { name: 'Save host' }).click();
  await expect(page.getByText(`Models now come from ${HUB_URL}`)).toBeVisible();
  await expect(page.getByTestId('host-csp-warning')).toHaveCount(0);
});
