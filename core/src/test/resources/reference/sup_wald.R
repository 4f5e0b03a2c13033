# sup-Wald for a break in a least-squares trend: two lines (each side at least max(6, ceil(0.15 n)) values) against one,
# Wald = (RSS0 - RSS1) / (RSS1 / (n - 4)), divided by the AR(1) long-run factor of the single line's residuals
# (lag-1 autocorrelation with Kendall's correction r1 + (1 + 3 r1) / n, clipped to [0, 0.9]; (1 + rho) / (1 - rho)).
supwald <- function(y) {
  n <- length(y); t <- seq_len(n) - 1
  e <- residuals(lm(y ~ t)); rss0 <- sum(e^2)
  r1 <- sum(e[-1] * e[-n]) / rss0
  rho <- min(0.9, max(0, r1 + (1 + 3 * r1) / n)); f <- (1 + rho) / (1 - rho)
  trim <- max(6, ceiling(0.15 * n))
  best <- -Inf; at <- NA
  for (k in trim:(n - trim)) {
    seg <- factor(t >= k)
    rss1 <- sum(residuals(lm(y ~ seg / t))^2)
    w <- (rss0 - rss1) / (rss1 / (n - 4)) / f
    if (w > best) { best <- w; at <- k }
  }
  c(best, at, f)
}
for (nm in c("Nile", "LakeHuron", "lynx")) {
  y <- as.numeric(get(nm)); r <- supwald(y)
  cat(sprintf("%s,%.17g,%d,%.17g\n", nm, r[1], r[2], r[3]))
}
# writes sup_wald_input.csv (series,value in order) and prints the expected rows of sup_wald_expected.csv
write.csv(rbind(data.frame(series = "Nile", value = as.numeric(Nile)),
                data.frame(series = "LakeHuron", value = as.numeric(LakeHuron)),
                data.frame(series = "lynx", value = as.numeric(lynx))), "sup_wald_input.csv", row.names = FALSE)
