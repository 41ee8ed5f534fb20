import { START_REGION, afterKey, isRegion, moved, normalised, pointIn, resized, spanned } from './region-geometry';

describe('region geometry', () => {
  const box = { left: 100, top: 50, width: 400, height: 225 };

  it('normalises a point inside the picture and holds it at the edges', () => {
    expect(pointIn(box, 300, 162.5)).toEqual({ x: 0.5, y: 0.5 });
    expect(pointIn(box, 0, 1000)).toEqual({ x: 0, y: 1 });
    expect(pointIn({ left: 0, top: 0, width: 0, height: 0 }, 5, 5)).toEqual({ x: 0, y: 0 });
  });

  it('spans a rectangle in any drag direction', () => {
    expect(spanned({ x: 0.75, y: 0.8 }, { x: 0.25, y: 0.3 })).toEqual({ x: 0.25, y: 0.3, width: 0.5, height: 0.5 });
  });

  it('takes a click for no region', () => {
    expect(isRegion({ x: 0.5, y: 0.5, width: 0.005, height: 0.3 })).toBe(false);
    expect(isRegion({ x: 0.5, y: 0.5, width: 0.02, height: 0.02 })).toBe(true);
  });

  it('keeps a region inside the picture, to four decimals', () => {
    expect(normalised({ x: 0.9, y: -0.1, width: 0.3, height: 0.123456 })).toEqual({
      x: 0.7,
      y: 0,
      width: 0.3,
      height: 0.1235,
    });
  });

  it('moves to the edge and no further, keeping the size', () => {
    const r = { x: 0.69, y: 0, width: 0.3, height: 0.5 };
    expect(moved(r, 0.05, -0.01)).toEqual({ x: 0.7, y: 0, width: 0.3, height: 0.5 });
  });

  it('resizes within the picture and never below the smallest side', () => {
    const r = { x: 0.8, y: 0.1, width: 0.15, height: 0.02 };
    expect(resized(r, 0.1, -0.01)).toEqual({ x: 0.8, y: 0.1, width: 0.2, height: 0.02 });
  });

  it('answers keys: arrows move, Shift+arrows resize, Delete removes, other keys are not ours', () => {
    const r = { x: 0.1, y: 0.1, width: 0.2, height: 0.2 };
    expect(afterKey(r, 'ArrowRight', false)).toEqual({ x: 0.11, y: 0.1, width: 0.2, height: 0.2 });
    expect(afterKey(r, 'ArrowDown', true)).toEqual({ x: 0.1, y: 0.1, width: 0.2, height: 0.21 });
    expect(afterKey(null, 'ArrowLeft', false)).toEqual(START_REGION);
    expect(afterKey(r, 'Delete', false)).toBeNull();
    expect(afterKey(r, 'Tab', false)).toBeUndefined();
  });
});
