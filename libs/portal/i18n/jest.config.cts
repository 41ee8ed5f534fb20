module.exports = require('../../../jest.angular.cjs')('portal-i18n', __dirname);
