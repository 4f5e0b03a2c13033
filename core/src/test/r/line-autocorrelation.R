# Reference values for LineAutocorrelationTest and TrendLineTest (Goodhart's detect package), computed in R
# independently of the Java code: Rscript core/src/test/r/line-autocorrelation.R
#
# AR(1) noise with autocorrelation rho at the observed block positions, residuals about a least-squares line
# (intercept and slope on the position). Printed per case:
#   expected_rss: tr(M R), the residual sum of squares' expectation in units of the noise's variance (exact, matrices)
#   ratio_integral: E[sum e_t e_(t-1) / sum e_t^2] by Magnus's (1986) integral, with stats::integrate
#   ratio_mc: the same by Monte Carlo (200,000 series, set.seed(20261207)), with its standard error
set.seed(20261207)
cases <- list(
  list(pos = 0:4, rho = 0), list(pos = 0:4, rho = 0.5), list(pos = 0:4, rho = 0.8),
  list(pos = 0:7, rho = 0.3), list(pos = 0:7, rho = 0.5),
  list(pos = 0:12, rho = 0), list(pos = 0:12, rho = 0.5), list(pos = 0:12, rho = 0.8),
  list(pos = 0:25, rho = 0.5),
  list(pos = c(0, 1, 2, 4, 5, 6, 7, 9, 10, 11, 12), rho = 0.5)
)
for (cs in cases) {
  p <- cs$pos; rho <- cs$rho; n <- length(p)
  X <- cbind(1, p)
  M <- diag(n) - X %*% solve(crossprod(X), t(X))
  R <- rho^abs(outer(p, p, "-"))
  expected_rss <- sum(diag(M %*% R))
  # lag-1 pairs: consecutive observed positions one block apart
  A <- matrix(0, n, n)
  for (i in seq_len(n - 1)) if (p[i + 1] - p[i] == 1) { A[i, i + 1] <- 0.5; A[i + 1, i] <- 0.5 }
  S <- M %*% R %*% M
  S <- (S + t(S)) / 2
  e <- eigen(S, symmetric = TRUE)
  keep <- e$values > 1e-10 * max(e$values)
  g <- e$values[keep]; U <- e$vectors[, keep, drop = FALSE]
  w <- g * colSums(U * (A %*% U))
  f <- function(t) sapply(t, function(tt) prod((1 + 2 * tt * g)^-0.5) * sum(w / (1 + 2 * tt * g)))
  ratio_integral <- integrate(f, 0, Inf, rel.tol = 1e-10)$value
  L <- t(chol(R))
  reps <- 200000
  z <- matrix(rnorm(n * reps), n, reps)
  res <- M %*% (L %*% z)
  num <- colSums(res * (A %*% res))
  den <- colSums(res^2)
  r <- num / den
  cat(sprintf("positions %s rho %.1f: expected_rss %.6f ratio_integral %.6f ratio_mc %.5f (se %.5f)\n",
              paste(p, collapse = ","), rho, expected_rss, ratio_integral, mean(r), sd(r) / sqrt(reps)))
}
