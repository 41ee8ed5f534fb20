import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'regicam:public';

/** Marks a route that answers without a session (login, health, webhooks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
