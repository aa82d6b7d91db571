import Decimal from 'decimal.js';
const N = 300000;
for (const digits of [40, 80]) {
  const D = Decimal.clone({ precision: digits });
  const a = Array.from({ length: 1000 }, () => D.random(digits).div(3));
  let s = new D(0); let t0 = performance.now();
  for (let i = 0; i < N; i++) s = s.plus(a[i % 1000].times(a[(i * 7) % 1000]));
  console.log('decimal', digits, ((performance.now() - t0) / N * 1e6).toFixed(0), 'ns per mul-add');
  const bits = BigInt(Math.ceil(digits * 3.33) + 20);
  const b = a.map((x) => BigInt(x.times(new D(2).pow(Number(bits))).toFixed(0)));
  let u = 0n; t0 = performance.now();
  for (let i = 0; i < N; i++) u += b[i % 1000] * b[(i * 7) % 1000];
  console.log('bigint', digits, ((performance.now() - t0) / N * 1e6).toFixed(0), 'ns per mul-add');
}
