export * from './types.js';
export { float64, float32, nearestFloat32, formatNumber, MIN_NORMAL_32, MIN_NORMAL_64 } from './float.js';
export { decimalArith, decimalText, doubleToHex, type DecimalValue } from './decimal.js';
