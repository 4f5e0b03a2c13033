# Reference for the yield-decay detector's break test: R 4.2.2, base stats only.
# Run: Rscript yield_break.R  (writes yield_break_input.csv and yield_break_expected.csv)
set.seed(42)
nb <- 40; nr <- 35
x <- c(rnorm(nb, 0, 0.1), rnorm(nr, 0, 0.15))
D <- c(rep(0, nb), rep(1, nr))
y <- 0.6 * x * (1 - D) + 0.2 * x * D + 0.01 * D + rnorm(nb + nr, 0, 0.05)
write.csv(data.frame(x = sprintf("%.17g", x), y = sprintf("%.17g", y), D = D), "yield_break_input.csv",
          row.names = FALSE, quote = FALSE)
full <- lm(y ~ x + D + x:D)
restricted <- lm(y ~ x)
s <- summary(full)$coefficients
a <- anova(restricted, full)
out <- data.frame(
  name = c("slope_change", "slope_change_t", "slope_change_p_lower", "chow_F", "chow_p", "baseline_slope"),
  value = c(s["x:D", "Estimate"], s["x:D", "t value"], pt(s["x:D", "t value"], df = full$df.residual),
            a$F[2], a$`Pr(>F)`[2], s["x", "Estimate"]))
out$value <- sprintf("%.17g", out$value)
write.csv(out, "yield_break_expected.csv", row.names = FALSE, quote = FALSE)
