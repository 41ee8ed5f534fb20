import { WHOLE_PICTURE, regionInPixels, regionProblems } from './region';

describe('a region of the picture', () => {
  it('accepts the whole picture and any rectangle inside it', () => {
    expect(regionProblems(WHOLE_PICTURE)).toEqual([]);
    expect(regionProblems({ x: 0.5, y: 0.25, width: 0.5, height: 0.75 })).toEqual([]);
  });

  it('names each coordinate outside 0..1', () => {
    expect(regionProblems({ x: -0.1, y: 0, width: 1.2, height: 0.5 })).toEqual([
      { field: 'x', message: 'x must be between 0 and 1, was -0.1' },
      { field: 'width', message: 'width must be between 0 and 1, was 1.2' },
    ]);
  });

  it('refuses a value that is not a number', () => {
    expect(regionProblems({ x: Number.NaN, y: 0, width: 1, height: 1 })[0].field).toBe('x');
  });

  it('refuses an empty region and one that runs off the picture', () => {
    expect(regionProblems({ x: 0, y: 0, width: 0, height: 1 })).toEqual([
      { field: 'region', message: 'the region must not be empty (width and height above 0)' },
    ]);
    expect(regionProblems({ x: 0.6, y: 0.7, width: 0.5, height: 0.5 }).map((p) => p.field)).toEqual([
      'width',
      'height',
    ]);
  });

  it('maps to pixels of a picture, rounding outwards and staying inside', () => {
    expect(regionInPixels({ x: 0.25, y: 0.5, width: 0.5, height: 0.5 }, { width: 1920, height: 1080 })).toEqual({
      left: 480,
      top: 540,
      width: 960,
      height: 540,
    });
    expect(regionInPixels({ x: 0.999, y: 0.999, width: 0.001, height: 0.001 }, { width: 10, height: 10 })).toEqual({
      left: 9,
      top: 9,
      width: 1,
      height: 1,
    });
  });
});
