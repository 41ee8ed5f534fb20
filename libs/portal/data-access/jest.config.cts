module.exports = require('../../../jest.angular.cjs')('portal-data-access', __dirname);
