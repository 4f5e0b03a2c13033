# Reference values for ErrorsInVariablesSlope (R 4.2.2, base R only). Data: R's cars (dist on speed) and faithful
# (eruptions on waiting). Per-observation error variances s2 and error covariances c, as the input file lists them:
# none; a constant; and ones that vary by row. The estimator is Fuller's (1987, sec. 1.2) method of moments with sample
# moments (divisor n - 1): b = (m_xy - mean c) / (m_xx - mean s2); the model error is lm's classical slope error over
# the reliability (m_xx - mean s2) / m_xx; the robust error is the sandwich of the ratio sum N_i / sum D_i with
# N_i = dx_i dy_i - c_i (n - 1) / n, D_i = dx_i^2 - s2_i (n - 1) / n, each term psi_i = N_i - b D_i over 1 - h_i
# (h_i the leverage). The rows with errors are a second implementation of that definition (in R, from this text); the
# independent checks are lm's classical error and, without errors, the HC3 error of the least-squares slope computed by
# the sandwich formula in matrix form ((X'X)^-1 X' diag(e^2 / (1 - h)^2) X (X'X)^-1, as
# sandwich::vcovHC(type = "HC3")).
options(digits = 17)
sets <- list(cars = data.frame(x = cars$speed, y = cars$dist),
             faithful = data.frame(x = faithful$waiting, y = faithful$eruptions))
eiv <- function(x, y, s2, c) {
  n <- length(x); dx <- x - mean(x); dy <- y - mean(y)
  sumD <- sum(dx^2) - (n - 1) * mean(s2); sumN <- sum(dx * dy) - (n - 1) * mean(c)
  b <- sumN / sumD
  rel <- max(0, var(x) - mean(s2)) / var(x)
  model <- coef(summary(lm(y ~ x)))[2, 2] / rel
  psi <- dx * dy - c * (n - 1) / n - b * (dx^2 - s2 * (n - 1) / n)
  h <- 1 / n + dx^2 / sum(dx^2)
  robust <- sqrt(sum((psi / (1 - h))^2)) / sumD
  c(slope = b, model_se = model, robust_se = robust, reliability = rel)
}
inputs <- c(); rows <- c()
for (name in names(sets)) {
  d <- sets[[name]]; n <- nrow(d); i <- seq_len(n)
  m <- lm(y ~ x, d); X <- model.matrix(m); e <- residuals(m)
  B <- solve(crossprod(X)); h <- hatvalues(m)
  hc3 <- sqrt((B %*% crossprod(X * (e / (1 - h))) %*% B)[2, 2])
  errors <- list(none = list(s2 = rep(0, n), c = rep(0, n)),
                 constant = list(s2 = rep(var(d$x) / 5, n), c = rep(0, n)),
                 varying = list(s2 = var(d$x) / 10 * (1 + i %% 5), c = cov(d$x, d$y) / 20 * ((i %% 3) - 1)))
  for (kind in names(errors)) {
    s2 <- errors[[kind]]$s2; c <- errors[[kind]]$c
    inputs <- rbind(inputs, data.frame(set = name, errors = kind, x = d$x, y = d$y, s2 = s2, c = c))
    r <- eiv(d$x, d$y, s2, c)
    rows <- rbind(rows, data.frame(set = name, errors = kind, slope = r[["slope"]], model_se = r[["model_se"]],
                                   robust_se = r[["robust_se"]], reliability = r[["reliability"]],
                                   hc3_matrix_form = if (kind == "none") hc3 else NA))
  }
}
write.csv(format(inputs, digits = 17), "errors_in_variables_input.csv", quote = FALSE, row.names = FALSE)
write.csv(format(rows, digits = 17), "errors_in_variables_expected.csv", quote = FALSE, row.names = FALSE)
