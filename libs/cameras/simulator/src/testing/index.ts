export { RegisterBandError, decodeFrameBands, decodeRegisterBand } from './decode';
