// The portal's libraries share one set of rules (Angular, the rc- selector prefix).
export { default } from '../data-access/eslint.config.mjs';
