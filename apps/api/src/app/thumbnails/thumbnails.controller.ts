import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { Thumbnails } from '@regicam/dashboard';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { CurrentOwner } from '../auth/session';

/** A thumbnail never changes under its transaction key: the browser keeps it (for this owner only). */
const CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** The thumbnail beside each row (会計処理時のカメラのサムネイル), 1x and 2x. */
@Controller('thumbnails')
export class ThumbnailsController {
  constructor(private readonly thumbnails: Thumbnails) {}

  @Get(':transactionKey')
  one(
    @CurrentOwner() owner: Owner,
    @Param('transactionKey') key: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ) {
    return this.send(owner, key, '1x', ifNoneMatch, res);
  }

  @Get(':transactionKey/2x')
  twice(
    @CurrentOwner() owner: Owner,
    @Param('transactionKey') key: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ) {
    return this.send(owner, key, '2x', ifNoneMatch, res);
  }

  private async send(owner: Owner, key: string, size: '1x' | '2x', ifNoneMatch: string | undefined, res: Response) {
    if (ifNoneMatch) {
      const etag = await this.thumbnails.etag(owner.id, key, size);
      if (etag && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
        res.status(304).set({ ETag: etag, 'Cache-Control': CACHE_CONTROL }).end();
        return;
      }
    }
    const { blob, etag } = await this.thumbnails.get(owner.id, key, size);
    res.status(200).set({
      'Content-Type': blob.contentType,
      'Content-Length': String(blob.size),
      ETag: etag,
      'Cache-Control': CACHE_CONTROL,
    });
    // pipeline, not pipe: a client that goes (or has all the bytes and closes) destroys the blob's stream, closing its file.
    pipeline(blob.stream, res, () => undefined);
  }
}
