import { describe, expect, it } from 'vitest';
import { GGUF_CATALOG } from '../models';
import { resolveModelString } from './eval-models';

const sources = { transformers: [], webllm: [], gguf: GGUF_CATALOG };

describe('GGUF model strings in an evaluation', () => {
  it('a catalog id runs that GGUF model', () => {
    expect(resolveModelString('gguf:stories260K', sources)).toMatchObject({
      backend: 'gguf',
      entry: { repo: 'ggml-org/models', files: ['tinyllamas/stories260K.gguf'] },
    });
  });

  it('gguf:<owner>/<name>/<file> runs that file like an added model', () => {
    expect(
      resolveModelString('gguf:tandem-test/stories260K-split/stories260K-00001-of-00002.gguf', sources),
    ).toMatchObject({
      backend: 'gguf',
      entry: {
        repo: 'tandem-test/stories260K-split',
        files: ['stories260K-00001-of-00002.gguf', 'stories260K-00002-of-00002.gguf'],
      },
    });
  });

  it('a malformed one is an error, not a transformers.js repo', () => {
    const r = resolveModelString('gguf:not-a-file', sources);
    expect(r).toHaveProperty('error');
  });
});
