# Reference for BiweightLocation: R with robustbase (Debian's r-cran-robustbase).
# Run: Rscript biweight_location.R  (writes biweight_location_input.csv and biweight_location_expected.csv)
# The location is robustbase's M-step at a fixed scale from the median (lmrob..M..fit, psi "bisquare"); the standard
# error is the sandwich s sqrt(sum psi(r)^2) / sum psi'(r), r = (x - T) / s, with robustbase's Mpsi for psi and psi'.
suppressMessages(library(robustbase))
set.seed(20261203)
samples <- list(
  clean20 = rnorm(20, 0.01, 0.03),
  half_regime14 = c(rnorm(7, 0, 0.025), 0.15 + 0.15 * runif(4), -0.15 - 0.15 * runif(3)),
  one_sided12 = c(rnorm(8, -0.02, 0.02), 0.2 + 0.1 * runif(4)),
  heavy30 = 0.02 * rt(30, 3),
  small5 = rnorm(5, 0.05, 0.04),
  peers_seen = c(0.034, -0.018, 0.012, -0.012, -0.026, 0.051, 0.012, 0.282, -0.232, -0.138, -0.172, -0.315,
                 0.232, 0.148)
)
scales <- c(clean20 = 0.03, half_regime14 = 0.025, one_sided12 = 0.02, heavy30 = 0.02, small5 = 0.04,
            peers_seen = 0.0334)
tunings <- c(clean20 = 4.685, half_regime14 = 4.685, one_sided12 = 4.685, heavy30 = 3, small5 = 4.685,
             peers_seen = 4.685)
input <- do.call(rbind, lapply(names(samples), function(n)
  data.frame(sample = n, value = sprintf("%.17g", samples[[n]]))))
write.csv(input, "biweight_location_input.csv", row.names = FALSE, quote = FALSE)
out <- do.call(rbind, lapply(names(samples), function(n) {
  x <- samples[[n]]; s <- scales[[n]]; k <- tunings[[n]]
  f <- lmrob..M..fit(x = matrix(1, length(x)), y = x, beta.initial = median(x), scale = s,
                     control = lmrob.control(psi = "bisquare", tuning.psi = k, rel.tol = 1e-12))
  t <- unname(f$coefficients[1])
  r <- (x - t) / s
  se <- s * sqrt(sum(Mpsi(r, k, "bisquare")^2)) / sum(Mpsi(r, k, "bisquare", deriv = 1))
  data.frame(sample = n, scale = sprintf("%.17g", s), tuning = sprintf("%.17g", k), location = sprintf("%.17g", t),
             standard_error = sprintf("%.17g", se), inliers = sum(abs(r) < k))
}))
write.csv(out, "biweight_location_expected.csv", row.names = FALSE, quote = FALSE)
