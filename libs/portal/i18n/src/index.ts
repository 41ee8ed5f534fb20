export * from './lib/format';
export * from './lib/language';
export { ja, type Translations } from './lib/translations/ja';
export { en } from './lib/translations/en';
