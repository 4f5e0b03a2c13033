# Second implementation of yield decay's long-run test, on the input of yield_break.R (NumPy least squares per window,
# SciPy's orthonormal DCT-II, the same terms rule; SciPy's Student's t). Run: python3 yield_break_longrun.py
# (NumPy 2, SciPy 1.17); it prints the t, degrees of freedom and one-sided p that YieldDecayTest.breakTestMatchesR
# expects of the long-run test.
import math
import numpy as np
from scipy import stats
from scipy.fft import dct

rows = [l.split(",") for l in open("yield_break_input.csv").read().split("\n")[1:] if l.strip()]
x = np.array([float(r[0]) for r in rows])
y = np.array([float(r[1]) for r in rows])
D = np.array([int(r[2]) for r in rows])


def rule(n):
    return int(max(1, min(n - 1, round(0.4 * n ** (2 / 3)))))


def terms(n, rho):
    if not rho > 0:
        return rule(n)
    r = min(rho, 0.999)
    return int(max(min(2, rule(n)), min(rule(n), math.floor(n * (1 - r) / math.pi * math.sqrt(0.3 / r)))))


def line(xw, yw):
    X = np.column_stack([np.ones(len(xw)), xw])
    b = np.linalg.lstsq(X, yw, rcond=None)[0]
    z = (xw - xw.mean()) * (yw - X @ b)
    return b[1], z, np.sum((xw - xw.mean()) ** 2)


def corrected_lag_one(z):
    c = z - z.mean()
    r = np.sum(c[1:] * c[:-1]) / np.sum(c * c)
    return min(0.999, r + (1 + 3 * r) / len(z)) if r > -1 / 3 else r


bb, zb, sb = line(x[D == 0], y[D == 0])
br, zr, sr = line(x[D == 1], y[D == 1])
rho = corrected_lag_one(zb)
variances, ks = [], []
for z, sxx in ((zb, sb), (zr, sr)):
    n = len(z)
    k = terms(n, rho)
    L = dct(z, type=2, norm="ortho")[1:k + 1]
    variances.append(n * np.mean(L ** 2) / sxx ** 2 * n / (n - 2))
    ks.append(k)
t = (br - bb) / math.sqrt(sum(variances))
df = min(ks)
print(repr(t), df, repr(stats.t.cdf(t, df)))
