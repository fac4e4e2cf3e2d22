// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonTree, matchingPaths } from '../../../renderer/src/components/JsonTree';

const doc = {
  Name: 'data',
  Labels: { 'berth.test': 'x', owner: 'alice' },
  Options: null,
  Mounts: [{ Destination: '/srv', RW: true }],
  Deep: { a: { b: { c: 'needle' } } },
};

afterEach(cleanup);

describe('matchingPaths', () => {
  it('is undefined without a query, else the hits and their ancestors', () => {
    expect(matchingPaths(doc, '  ')).toBeUndefined();
    const p = matchingPaths(doc, 'NEEDLE');
    expect([...(p ?? [])].map((x) => x.split('\u0000').join('.')).sort()).toEqual([
      'Deep',
      'Deep.a',
      'Deep.a.b',
      'Deep.a.b.c',
    ]);
    expect(matchingPaths(doc, 'owner')?.size).toBe(2);
    expect(matchingPaths(doc, 'zzz')?.size).toBe(0);
  });
});

describe('<JsonTree>', () => {
  it('shows the top levels, expands and collapses, and searches keys and values', () => {
    render(<JsonTree value={doc} />);
    expect(screen.getByText('Name')).toBeTruthy();
    expect(screen.getByText('"alice"')).toBeTruthy();
    expect(screen.queryByText('"needle"')).toBeNull(); // depth 3: collapsed
    fireEvent.click(screen.getByText('jsonTree.expandAll'));
    expect(screen.getByText('"needle"')).toBeTruthy();
    fireEvent.click(screen.getByText('jsonTree.collapseAll'));
    expect(screen.getByText('Name')).toBeTruthy(); // the top level stays open
    expect(screen.queryByText('"alice"')).toBeNull();

    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'needle' } });
    expect(screen.getByText('needle').tagName).toBe('MARK');
    expect(screen.queryByText('Name')).toBeNull();
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'nothing-like-it' } });
    expect(screen.getByText('jsonTree.noMatch')).toBeTruthy();
  });

  it('copies the whole document and single values', async () => {
    const writeText = vi.fn(async () => {});
    Object.assign(navigator, { clipboard: { writeText } });
    render(<JsonTree value={doc} />);
    fireEvent.click(screen.getByText('jsonTree.copyAll'));
    expect(writeText).toHaveBeenLastCalledWith(JSON.stringify(doc, null, 2));
    fireEvent.click(screen.getByRole('button', { name: 'jsonTree.copyValue owner' }));
    expect(writeText).toHaveBeenLastCalledWith('alice');
  });
});
