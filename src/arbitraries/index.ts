export { spdMatrix, SPD_KINDS, type SpdCase, type SpdKind, type SpdMatrixConstraints } from './spdMatrix.js';
export { unitVector, type UnitVectorConstraints, type UnitVectorMode } from './unitVector.js';
export { quadraticCase, ETA_KINDS, type EtaKind, type QuadraticCase, type QuadraticCaseConstraints } from './quadraticCase.js';
