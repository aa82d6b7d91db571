#!/usr/bin/env python3
"""Independent check of `l2l-verify certify` with mpmath (not part of the TypeScript code).

Usage: certify-mpmath-check.py case.json certificate.json
Recomputes, in mpmath at 60 digits from the case's decimal texts: the eigen-decomposition (mp.eigsy),
c = U^T w0 / |w0|, G'(eta) by Eqn 1, eta* by a bracketed root find on [1/L, 1/alpha], and
sup_{eta >= 0} |G'(eta)| by a dense log grid on (0, 4/alpha] plus golden-section refinement around
the best grid points and the certificate's argmax. Prints whether eta* and sup|G'| lie in the
certificate's enclosures and how many digits the eta* enclosure holds.
"""
import json, sys
import mpmath as mp

mp.mp.dps = 60
case = json.load(open(sys.argv[1]), parse_float=str, parse_int=str)
cert = json.load(open(sys.argv[2]))
H = mp.matrix([[mp.mpf(x) for x in row] for row in case["H"]])
w0 = mp.matrix([mp.mpf(x) for x in case["w0"]])
t = int(case["t"])
d = H.rows
E, U = mp.eigsy(H)
lam = [E[i] for i in range(d)]
nw = mp.sqrt(sum(w0[i] ** 2 for i in range(d)))
c2 = []
for k in range(d):
    ck = sum(U[i, k] * w0[i] for i in range(d)) / nw
    c2.append(ck ** 2)
order = sorted(range(d), key=lambda k: -lam[k])
lam = [lam[k] for k in order]
c2 = [c2[k] for k in order]
L, alpha = lam[0], lam[-1]

def dG(eta):
    num = mp.mpf(0)
    den = mp.mpf(0)
    for l, w in zip(lam, c2):
        r = 1 - eta * l
        num += w * l * l * r ** (2 * t - 1)
        den += w * l * r ** (2 * t)
    return -2 * num / den

star = mp.findroot(dG, (1 / L, 1 / alpha), solver="illinois", tol=mp.mpf(10) ** -50, maxsteps=2000)
lo, hi = mp.mpf(cert["etaStar"]["lo"]), mp.mpf(cert["etaStar"]["hi"])
ok_star = lo <= star <= hi
digits = -mp.log10((hi - lo) / star)

f = lambda e: abs(dG(e))
grid = [mp.mpf(0)] + [mp.mpf(10) ** (mp.log10(4 / alpha) - 12 * mp.mpf(i) / 3000) for i in range(3001)]
vals = sorted(((f(e), e) for e in grid), key=lambda p: -p[0])
cands = [e for _, e in vals[:5]] + [mp.mpf(cert["supAbsDG"]["argmax"])]
best = max(f(e) for e in grid)
for e0 in cands:
    a, b = e0 * (1 - mp.mpf("1e-3")), e0 * (1 + mp.mpf("1e-3")) + mp.mpf("1e-30")
    g = (mp.sqrt(5) - 1) / 2
    for _ in range(120):
        x1, x2 = b - g * (b - a), a + g * (b - a)
        if f(x1) > f(x2):
            b = x2
        else:
            a = x1
    best = max(best, f((a + b) / 2), f(e0))
slo, shi = mp.mpf(cert["supAbsDG"]["lo"]), mp.mpf(cert["supAbsDG"]["hi"])
ok_sup = slo <= best <= shi
print(json.dumps({
    "d": d, "t": t, "kappa": mp.nstr(L / alpha, 6),
    "etaStar_mpmath": mp.nstr(star, 25), "etaStar_in_enclosure": bool(ok_star), "etaStar_digits": float(digits),
    "sup_mpmath": mp.nstr(best, 15), "sup_in_enclosure": bool(ok_sup), "sup_rel_width": float(shi / slo - 1),
}))
