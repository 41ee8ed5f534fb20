module.exports = require('../../../jest.angular.cjs')('portal-ui', __dirname);
