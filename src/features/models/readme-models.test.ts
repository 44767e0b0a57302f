import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { END, formattedReadme, renderModelList, START, withModelList } from './readme-models';

const path = fileURLToPath(new URL('../../../README.md', import.meta.url));

describe('README model list', () => {
  it('is the one generated from the catalogs (run `npm run readme:models` after a catalog change)', async () => {
    const readme = readFileSync(path, 'utf8');
    expect(await formattedReadme(readme, prebuiltAppConfig.model_list, path)).toBe(readme);
  });

  it('lists every entry with its files, and WebLLM ids from the installed list', () => {
    const list = renderModelList(prebuiltAppConfig.model_list);
    expect(list.startsWith(START) && list.endsWith(END)).toBe(true);
    expect(list).toContain('`onnx/model_q4f16.onnx_data_1`');
    expect(list).toContain('`Qwen3-1.7B-q4f16_1-MLC`');
    expect(list).toContain('`gemma3-1b-it-q4f16_1-MLC`');
    // A record's numbers come from the list passed in, not from text in this repo.
    const changed = prebuiltAppConfig.model_list.map((r) =>
      r.model_id === 'Qwen3-1.7B-q4f16_1-MLC' ? { ...r, vram_required_MB: 1234 } : r,
    );
    expect(renderModelList(changed)).toContain('`Qwen3-1.7B-q4f16_1-MLC`, 1.21 GiB VRAM');
    expect(withModelList('no markers', prebuiltAppConfig.model_list)).toBeNull();
  });
});
