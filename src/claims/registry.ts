import type { ClaimDefinition } from './types.js';
import { wang2021Sec3Claims } from './wang2021-sec3.js';
import { harrison2022Claims } from './harrison2022.js';
import { wang2021Sec4Claims } from './wang2021-sec4.js';
import { harrison2022Fig2Claims } from './harrison2022-fig2.js';
import { wang2021Sec52Claims } from './wang2021-sec52.js';

/** URL of this module: ledger worker threads import it and look claims up by id (`runLedger`'s `registryModule`). */
export const REGISTRY_MODULE: string = import.meta.url;

/**
 * Every claim of CLAIMS.md, in ledger order: wang2021 Section 3, harrison2022 (Section 4, then Figure 2b–c),
 * wang2021 Section 4, wang2021 Section 5.2 (MNIST).
 * Each family file exports its array; add a family by importing its array here. Ids must be unique
 * (checked here, so a duplicated id fails at the first use of the registry, not silently).
 */
export function allClaims(): ClaimDefinition<any>[] {
  const claims: ClaimDefinition<any>[] = [...wang2021Sec3Claims, ...harrison2022Claims, ...harrison2022Fig2Claims, ...wang2021Sec4Claims, ...wang2021Sec52Claims];
  const seen = new Set<string>();
  for (const c of claims) {
    if (seen.has(c.id)) throw new Error(`claim id "${c.id}" is defined twice in the registry`);
    seen.add(c.id);
  }
  return claims;
}
