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

test('the service worker precaches the shell and the CPU onnxruntime build; WebGPU and WebLLM are cached on use', async ({
  request,
}) => {
  const sw = await (await request.get('/sw.js')).text();
  const urls = [...sw.matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
  expect(urls).toContain('index.html');
  expect(urls).toContain('ort/ort-wasm-simd-threaded.wasm');
  expect(urls.some((u) => u.includes('llm.worker'))).toBe(true);
  expect(urls.some((u) => u.includes('embed.worker'))).toBe(true);
  expect(urls).not.toContain('sw.js');
  // Only the CPU build is precached: no WebGPU build, no hashed second copy, no WebLLM.
  expect(urls.filter((u) => u.endsWith('.wasm'))).toEqual(['ort/ort-wasm-simd-threaded.wasm']);
  expect(urls.filter((u) => u.includes('asyncify') || u.includes('webllm'))).toEqual([]);
  // They are cached, cache-first, when first used.
  expect(sw).toContain('tandem-ort-webgpu-');
  expect(sw).toContain('tandem-webllm');
  // The precache stays small: the largest file is the 14 MB CPU build.
  const sizes = await Promise.all(urls.map(async (u) => (await (await request.get(`/${u}`)).body()).length));
  expect(Math.min(...sizes)).toBeGreaterThan(0);
  expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(16 * 1024 * 1024);
});

test('the served app is cross-origin isolated so onnxruntime can use threads', async ({ page }) => {
  await page.goto('/#/models');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('isolation')).toContainText('yes');
});
