/**
 * Tandem's import boundaries, as one ESLint rule configured once per layer (eslint.config.js).
 *
 * src/ has six layers and imports flow one way: app -> features -> providers -> platform -> core,
 * with ui/ (components that know no feature) usable by features and app. A feature imports another
 * feature only through that feature's public index (`features/<name>/index.ts`). Type imports count
 * like value imports: a type is a dependency too.
 */
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

/** The layer and (for features) the room of an absolute path, or null outside src/. */
export function placeOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const [top, room] = rel.split(path.sep);
  if (['core', 'platform', 'providers', 'features', 'ui', 'app'].includes(top)) {
    return { layer: top, room: top === 'features' ? room : undefined, rel };
  }
  return { layer: 'app', rel };
}

/** Why `from` may not import `to`, or null when it may. */
export function violation(from, to, may) {
  if (!to || !from) return null;
  if (!may.includes(to.layer)) {
    return `${from.layer}/ may import only ${may.map((l) => l + '/').join(', ')}; this reaches ${to.layer}/.`;
  }
  if (from.layer === 'features' && to.layer === 'features' && from.room !== to.room) {
    const inner = to.rel.split(path.sep).slice(2).join('/');
    if (inner === 'index.ts') return null;
    const testFile = /\.test\.ts$/.test(from.rel) || from.rel.split(path.sep).includes('testing');
    if (testFile && inner.startsWith('testing/')) return null;
    return `features/${from.room} may use features/${to.room} only through its index (features/${to.room}/index.ts), not ${inner}.`;
  }
  return null;
}

export default {
  rules: {
    layer: {
      meta: {
        type: 'problem',
        docs: {
          description:
            'Imports flow app -> features -> providers -> platform -> core; features meet through their index.',
        },
        schema: [
          {
            type: 'object',
            properties: { may: { type: 'array', items: { type: 'string' } } },
            required: ['may'],
            additionalProperties: false,
          },
        ],
      },
      create(context) {
        const { may } = context.options[0];
        const here = placeOf(context.filename);
        const check = (node, source) => {
          if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
          const target = path.resolve(path.dirname(context.filename), source.value.replace(/\?.*$/, ''));
          const why = violation(here, placeOf(target) && withIndex(target), may);
          if (why) context.report({ node: source, message: why });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
        };
      },
    },
  },
};

/** `../models` means `../models/index.ts`: place the index, not the folder. */
function withIndex(target) {
  const place = placeOf(target);
  if (place && place.layer === 'features' && place.rel.split(path.sep).length === 2) {
    return placeOf(path.join(target, 'index.ts'));
  }
  return place;
}
