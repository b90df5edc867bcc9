import { describe, expect, it } from 'vitest';
import { destinationRepository, FLATTENING_LEVELS } from '../../src/index.ts';

describe('destinationRepository', () => {
  it("follows the table in Harbor's stage.go", () => {
    expect(destinationRepository('a/b/c/image', 'n', -1)).toEqual({ ok: true, name: 'n/image' });
    expect(destinationRepository('a/b/c/image', 'n', 0)).toEqual({ ok: true, name: 'n/a/b/c/image' });
    expect(destinationRepository('a/b/c/image', 'n', 1)).toEqual({ ok: true, name: 'n/b/c/image' });
    expect(destinationRepository('a/b/c/image', 'n', 2)).toEqual({ ok: true, name: 'n/c/image' });
    expect(destinationRepository('a/b/c/image', 'n', 3)).toEqual({ ok: true, name: 'n/image' });
  });

  it('fails a level deeper than the path with the run-time error Harbor records', () => {
    expect(destinationRepository('a/b/c/image', 'n', 4)).toEqual({
      ok: false,
      message:
        'the source repository "a/b/c/image" contains only 3 path components [a b c] excepting the last one, but the destination namespace flattening level is 4',
    });
    expect(destinationRepository('src/app', 'dst', 2).ok).toBe(false);
  });

  it('keeps the name without a namespace, whatever the level', () => {
    expect(destinationRepository('src/team/app', '', 3)).toEqual({ ok: true, name: 'src/team/app' });
    expect(destinationRepository('src/team/app', undefined, -1)).toEqual({ ok: true, name: 'src/team/app' });
  });

  it('gives the typical wizard rule src/* → dst/*', () => {
    expect(destinationRepository('src/app', 'dst', 1)).toEqual({ ok: true, name: 'dst/app' });
    expect(destinationRepository('src/team/app', 'dst', 1)).toEqual({ ok: true, name: 'dst/team/app' });
  });

  it('cleans the joined path like Go path.Join, and needs two components on a Harbor target', () => {
    expect(destinationRepository('src/app', 'dst/', -1)).toEqual({ ok: true, name: 'dst/app' });
    expect(destinationRepository('src/app', '.', -1)).toEqual({
      ok: false,
      message:
        'the destination repository "app" contains only 1 path components [app], but the destination registry requires at least 2',
    });
  });
});

describe('FLATTENING_LEVELS', () => {
  it("lists the portal's choices", () => {
    expect(FLATTENING_LEVELS.map((level) => level.value)).toEqual([-1, 0, 1, 2, 3]);
    expect(FLATTENING_LEVELS[0]).toEqual({ value: -1, label: 'Flatten All Levels' });
    expect(FLATTENING_LEVELS[2]).toEqual({ value: 1, label: 'Flatten 1 Level' });
  });
});
