import { expect, test } from './fixtures';

test('the manifest makes the app installable: name, icons 192/512 with maskable, standalone, start URL', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest.name).toContain('Tandem');
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
  expect(manifest.theme_color).toMatch(/^#/);
  const sizes = manifest.icons.map(
    (i: { sizes: string; purpose?: string }) => `${i.sizes}:${i.purpose ?? 'any'}`,
  );
  expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
  for (const icon of manifest.icons as { src: string }[]) {
    const response = await request.get(`/${icon.src}`);
    expect(response.headers()['content-type']).toBe('image/png');
  }
});

test('the service worker precaches the shell and the onnxruntime wasm, never itself', async ({ request }) => {
  const sw = await (await request.get('/sw.js')).text();
  const urls = [...sw.matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1]);
  expect(urls).toContain('index.html');
  expect(urls).toEqual(
    expect.arrayContaining(['ort/ort-wasm-simd-threaded.wasm', 'ort/ort-wasm-simd-threaded.asyncify.wasm']),
  );
  expect(urls.some((u) => u?.includes('llm.worker'))).toBe(true);
  expect(urls).not.toContain('sw.js');
  // No second, hashed copy of a 27 MB wasm build.
  expect(urls.filter((u) => u?.endsWith('.wasm'))).toHaveLength(2);
});

test('the served app is cross-origin isolated so onnxruntime can use threads', async ({ page }) => {
  await page.goto('/#/models');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('isolation')).toContainText('yes');
});
