import { describe, expect, it } from 'vitest';
import { addChild, addSibling, deleteBranch, subtreeIds } from './edit';
import { chainLinear } from '../../../platform/db/chain';
import {
  ROOT,
  pathTo,
  selectThrough,
  siblingInfo,
  siblingLabel,
  switchBranch,
  visibleLeaf,
  visiblePath,
  type BranchSelection,
} from './tree';

interface M {
  id: string;
  parentId: string | null;
  createdAt: number;
  role: 'user' | 'assistant';
  content: string;
}

let clock = 0;
const msg = (id: string, parentId: string | null, role: M['role'] = 'user', content = id): M => ({
  id,
  parentId,
  createdAt: ++clock,
  role,
  content,
});
const ids = (list: readonly { id: string }[]): string[] => list.map((m) => m.id);

/** u1 -> a1 -> u2 -> a2, a linear conversation. */
function chain(): { messages: M[]; selection: BranchSelection } {
  return {
    messages: [msg('u1', null), msg('a1', 'u1', 'assistant'), msg('u2', 'a1'), msg('a2', 'u2', 'assistant')],
    selection: {},
  };
}

describe('the visible path', () => {
  it('a chain with no selection reads first to last', () => {
    const { messages, selection } = chain();
    expect(ids(visiblePath(messages, selection))).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(visibleLeaf(messages, selection)?.id).toBe('a2');
    expect(visiblePath([], {})).toEqual([]);
  });

  it('follows the selected child and shows the newest where nothing is selected', () => {
    const { messages } = chain();
    const tree = [...messages, msg('u2b', 'a1'), msg('a2b', 'u2b', 'assistant')];
    expect(ids(visiblePath(tree, {}))).toEqual(['u1', 'a1', 'u2b', 'a2b']);
    expect(ids(visiblePath(tree, { a1: 'u2' }))).toEqual(['u1', 'a1', 'u2', 'a2']);
    // A selection naming a message that is gone falls back to the newest.
    expect(ids(visiblePath(tree, { a1: 'deleted' }))).toEqual(['u1', 'a1', 'u2b', 'a2b']);
  });

  it('stops at a cycle in damaged data instead of looping', () => {
    const looped = [
      { id: 'x', parentId: 'y', createdAt: 1 },
      { id: 'y', parentId: 'x', createdAt: 2 },
      { id: 'r', parentId: null, createdAt: 3 },
    ];
    expect(ids(visiblePath(looped, {}))).toEqual(['r']);
  });
});

describe('branching', () => {
  it('editing a user message twice makes three siblings, the newest shown, each "k / 3"', () => {
    let state = chain();
    state = addSibling(state.messages, state.selection, 'u2', (parentId) =>
      msg('u2b', parentId, 'user', 'edit 1'),
    );
    state = addChild(state.messages, state.selection, msg('a2b', 'u2b', 'assistant'));
    state = addSibling(state.messages, state.selection, 'u2b', (parentId) =>
      msg('u2c', parentId, 'user', 'edit 2'),
    );
    expect(ids(visiblePath(state.messages, state.selection))).toEqual(['u1', 'a1', 'u2c']);
    const info = siblingInfo(state.messages, 'u2c')!;
    expect(info).toEqual({ index: 2, count: 3, ids: ['u2', 'u2b', 'u2c'] });
    expect(siblingLabel(info)).toBe('3 / 3');
    expect(siblingLabel(siblingInfo(state.messages, 'u2')!)).toBe('1 / 3');
    expect(siblingInfo(state.messages, 'nope')).toBeNull();
  });

  it('regenerating keeps the old answer as a sibling under the same question', () => {
    const state = chain();
    const next = addSibling(state.messages, state.selection, 'a2', (parentId) =>
      msg('a2r', parentId, 'assistant'),
    );
    expect(next.messages.find((m) => m.id === 'a2r')?.parentId).toBe('u2');
    expect(ids(visiblePath(next.messages, next.selection)).at(-1)).toBe('a2r');
    expect(ids(visiblePath(next.messages, { ...next.selection, u2: 'a2' })).at(-1)).toBe('a2');
    // The inputs are untouched.
    expect(state.messages).toHaveLength(4);
  });

  it('a child of an unknown parent is refused', () => {
    const { messages, selection } = chain();
    expect(() => addChild(messages, selection, msg('z', 'ghost'))).toThrow(/ghost/);
    expect(() => addSibling(messages, selection, 'ghost', (p) => msg('z', p))).toThrow(/ghost/);
  });

  it('a first message edited becomes a second top-level message', () => {
    const { messages, selection } = chain();
    const next = addSibling(messages, selection, 'u1', (p) => msg('u1b', p));
    expect(next.selection[ROOT]).toBe('u1b');
    expect(ids(visiblePath(next.messages, next.selection))).toEqual(['u1b']);
  });
});

describe('switching branches', () => {
  const three = (): { messages: M[]; selection: BranchSelection } => {
    const { messages } = chain();
    return {
      messages: [...messages, msg('u2b', 'a1'), msg('a2b', 'u2b', 'assistant'), msg('u2c', 'a1')],
      selection: { a1: 'u2c' },
    };
  };

  it('steps to the previous and next sibling, with the path below each', () => {
    const { messages, selection } = three();
    const back = switchBranch(messages, selection, 'u2c', -1);
    expect(ids(visiblePath(messages, back))).toEqual(['u1', 'a1', 'u2b', 'a2b']);
    const first = switchBranch(messages, back, 'u2b', -1);
    expect(ids(visiblePath(messages, first))).toEqual(['u1', 'a1', 'u2', 'a2']);
    const forward = switchBranch(messages, first, 'u2', +1);
    expect(forward.a1).toBe('u2b');
  });

  it('does not wrap around at either end', () => {
    const { messages, selection } = three();
    expect(switchBranch(messages, selection, 'u2c', +1)).toBe(selection);
    expect(switchBranch(messages, { a1: 'u2' }, 'u2', -1)).toEqual({ a1: 'u2' });
    expect(switchBranch(messages, selection, 'ghost', 1)).toBe(selection);
  });

  it('selectThrough shows a deep message and all its ancestors', () => {
    const { messages } = three();
    const selection = selectThrough(messages, { a1: 'u2c' }, 'a2');
    expect(ids(visiblePath(messages, selection))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });
});

describe('deleting a branch', () => {
  it('removes the message and everything below it, and shows the sibling before it', () => {
    const { messages } = chain();
    const tree = [...messages, msg('u2b', 'a1'), msg('a2b', 'u2b', 'assistant'), msg('u3b', 'a2b')];
    const result = deleteBranch(tree, { a1: 'u2b', u2b: 'a2b' }, 'u2b');
    expect(result.removed.sort()).toEqual(['a2b', 'u2b', 'u3b']);
    expect(ids(result.messages)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(result.selection).toEqual({ a1: 'u2' });
  });

  it('deleting a branch not on screen leaves the screen as it was', () => {
    const { messages } = chain();
    const tree = [...messages, msg('u2b', 'a1')];
    const result = deleteBranch(tree, {}, 'u2');
    // u2b was shown (newest) and stays shown.
    expect(ids(visiblePath(result.messages, result.selection))).toEqual(['u1', 'a1', 'u2b']);
    expect(subtreeIds(tree, 'u2').sort()).toEqual(['a2', 'u2']);
  });

  it('deleting the first of several shows the next one', () => {
    const { messages } = chain();
    const tree = [...messages, msg('u2b', 'a1')];
    const result = deleteBranch(tree, { a1: 'u2' }, 'u2');
    expect(result.selection).toEqual({ a1: 'u2b' });
    expect(deleteBranch(tree, {}, 'ghost').removed).toEqual([]);
  });
});

describe('chains from before trees', () => {
  it('links messages without parentId in time order and keeps a parent already named', () => {
    const legacy = [
      { id: 'b', createdAt: 20 },
      { id: 'a', createdAt: 10 },
      { id: 'c', createdAt: 30 },
    ];
    expect(chainLinear(legacy).map((m) => [m.id, m.parentId])).toEqual([
      ['a', null],
      ['b', 'a'],
      ['c', 'b'],
    ]);
    const mixed = [
      { id: 'a', createdAt: 1, parentId: null },
      { id: 'b', createdAt: 2, parentId: 'a' },
      { id: 'b2', createdAt: 3, parentId: 'a' },
    ];
    expect(chainLinear(mixed).map((m) => m.parentId)).toEqual([null, 'a', 'a']);
  });
});

describe('the path that led to a message', () => {
  it('follows the parents up, whatever branch is on screen, and never loops on damaged data', () => {
    const { messages } = chain();
    const edited = msg('u2b', 'a1');
    const answer = msg('a2b', 'u2b', 'assistant');
    const tree = [...messages, edited, answer];
    expect(ids(pathTo(tree, answer))).toEqual(['u1', 'a1', 'u2b', 'a2b']);
    expect(ids(pathTo(tree, tree[3]!))).toEqual(['u1', 'a1', 'u2', 'a2']);
    const looped = [
      { id: 'x', parentId: 'y', createdAt: 1 },
      { id: 'y', parentId: 'x', createdAt: 2 },
    ];
    expect(ids(pathTo(looped, looped[1]!))).toEqual(['x', 'y']);
  });

  it('a message from before trees is preceded by what came before it in time', () => {
    const legacy = [
      { id: 'b', createdAt: 20 },
      { id: 'a', createdAt: 10 },
      { id: 'c', createdAt: 30 },
    ];
    expect(ids(pathTo(legacy, legacy[0]!))).toEqual(['a', 'b']);
  });
});
