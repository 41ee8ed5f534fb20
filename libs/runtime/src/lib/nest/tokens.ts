import { SetMetadata } from '@nestjs/common';

/** The process configuration (`RuntimeConfig`, or an app's extension of it). */
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
/** The opened stores (`Stores`). */
export const STORES = Symbol('STORES');
/** The process clock: commands and roles take time from here, never from the domain. */
export const CLOCK = Symbol('CLOCK');
/** The id source of the process. */
export const IDS = Symbol('IDS');
/** The roles this process hosts (`RoleHost`). */
export const ROLE_HOST = Symbol('ROLE_HOST');
/** The projections of the read models, in the order they are started. */
export const PROJECTIONS = Symbol('PROJECTIONS');
/** `CameraSourceLookup`: where the thumbnailer fetches a camera's recorded picture (cached a few seconds). */
export const CAMERA_SOURCES = Symbol('CAMERA_SOURCES');
/** `CameraInfoLookup`: a camera's clock offset and whether it records, for the join (cached a few seconds). */
export const CAMERA_INFO = Symbol('CAMERA_INFO');

/** The contracts whose registers are an owner's: `(ownerId) => ['<provider>:<contractId>', …]`. */
export const OWNER_CONTRACTS = Symbol('OWNER_CONTRACTS');

export type Clock = { now: () => Date };
export type Ids = { next: () => string };

export const IS_PUBLIC = 'regicam:public';

/** Marks a route that answers without a session (login, health, webhooks, frame pushes). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
