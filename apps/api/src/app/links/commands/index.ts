import { CreateLinkHandler } from './create-link.handler';
import { RelinkTerminalHandler } from './relink-terminal.handler';
import { RemoveLinksHandler } from './remove-links.handler';

export * from './link-commands';

export const LINK_COMMAND_HANDLERS = [CreateLinkHandler, RemoveLinksHandler, RelinkTerminalHandler];
