import type { Projection } from '@regicam/event-sourcing';
import {
  LINK_COLLECTIONS,
  LINK_EVENT_FILTER,
  LINK_INDEXES,
  projectLinkEvent,
  type LinkCollections,
} from './link-read-model';

/** The links read model (current links and their audit trail) as a projection. */
export function linkProjection(names: LinkCollections = LINK_COLLECTIONS, name = 'links'): Projection {
  return {
    name,
    filter: LINK_EVENT_FILTER,
    collections: [
      { name: names.links, indexes: { indexes: LINK_INDEXES.links } },
      { name: names.history, indexes: { indexes: LINK_INDEXES.history } },
    ],
    project: (event, lookup) => projectLinkEvent(event, lookup, names),
  };
}
