import type { Command } from 'commander';
import { registerEval } from './eval.js';
import { registerMetaTrain } from './metaTrain.js';
import { registerNqm } from './nqm.js';
import { registerClaims } from './claims.js';
import { registerMerge } from './merge.js';
import { registerReproduce } from './reproduce.js';
import { registerTbtTbv } from './tbtTbv.js';
import { registerFigures } from './figures.js';
import { registerReport } from './report.js';
import { registerGate } from './gate.js';
import { registerAudit } from './audit.js';
import { registerCertify } from './certify.js';
import { registerMnist } from './mnist.js';

/** Every command registers itself here; keep the list in the order `--help` shows. */
export const commands: Array<(program: Command) => void> = [
  registerReport,
  registerEval,
  registerCertify,
  registerMetaTrain,
  registerAudit,
  registerClaims,
  registerMerge,
  registerReproduce,
  registerNqm,
  registerTbtTbv,
  registerFigures,
  registerGate,
  registerMnist,
];
