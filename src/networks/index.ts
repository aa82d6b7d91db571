/** wang2021 Section 5.2 on real MNIST digits: data, network kernels, learned optimizers, experiments, figure data. */
export * from './data.js';
export * from './net.js';
export * from './settings.js';
export * from './train.js';
export * from './stepsize.js';
export * from './experiment.js';
export * from './run.js';
export * from './figures.js';
export * from './mlpopt.js';
export { mlpBudget, metaTrainMlpFor, mlpSeedRun, type MlpBudget, type MlpTrained } from './mlpExperiment.js';
export * from './jobs.js';
export * from './pool.js';
