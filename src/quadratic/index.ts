export * from './problem.js';
export * from './methods.js';
export * from './reference.js';
export * from './etaStar.js';
export * from './metaTrain.js';
export * from './digits.js';
export * from './accuracy.js';
export * from './backpropDense.js';
