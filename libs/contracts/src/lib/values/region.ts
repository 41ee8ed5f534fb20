import { regionProblems } from '@regicam/domain';
import { z } from 'zod';
import { says } from '../schema';

const unit = says('must be between 0 and 1');
const coordinate = z.number(says('must be a number')).min(0, unit).max(1, unit);
const extent = z.number(says('must be a number')).gt(0, says('must be above 0')).max(1, unit);

/**
 * The part of the camera picture that shows a register, normalised to the
 * picture (0..1 from the left and the top); `null` where it is used means
 * the whole picture. The edges are checked by the domain's own rule once
 * every coordinate is inside 0..1 (JSON Schema cannot say x + width <= 1).
 */
export const Region = z
  .strictObject({ x: coordinate, y: coordinate, width: extent, height: extent })
  .superRefine((region, ctx) => {
    if (![region.x, region.y, region.width, region.height].every((v) => v >= 0 && v <= 1)) return;
    for (const problem of regionProblems(region)) {
      const path = problem.field === 'region' ? [] : [problem.field];
      ctx.addIssue({ code: 'custom', path, message: problem.message });
    }
  })
  .meta({
    id: 'Region',
    description: 'Part of the picture, normalised 0..1: x + width <= 1, y + height <= 1, width and height above 0.',
  });
export type Region = z.infer<typeof Region>;
