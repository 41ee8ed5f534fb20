module.exports = require('../../jest.angular.cjs')('portal', __dirname);
