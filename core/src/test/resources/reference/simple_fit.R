# Reference values for SimpleFit (R 4.2.2): lm(y ~ x) on R's cars and faithful data sets and on a predictor far
# from zero (cars' speed / 10 + 1e4: R's QR drops a predictor whose spread is below 1e-7 of its size, so not 1e6).
far <- data.frame(x = cars$speed / 10 + 1e4, y = cars$dist)
sets <- list(cars = data.frame(x = cars$speed, y = cars$dist),
             faithful = data.frame(x = faithful$waiting, y = faithful$eruptions),
             far = far)
rows <- c()
for (name in names(sets)) {
  d <- sets[[name]]
  write.table(format(d, digits = 17), paste0("simple_fit_", name, ".csv"), sep = ",", quote = FALSE, row.names = FALSE)
  m <- lm(y ~ x, d)
  s <- summary(m)
  co <- coef(s)
  rows <- rbind(rows, data.frame(set = name, intercept = co[1, 1], slope = co[2, 1], se_intercept = co[1, 2],
                                 se_slope = co[2, 2], rss = sum(residuals(m)^2), r_squared = s$r.squared))
}
write.csv(format(rows, digits = 17), "simple_fit_expected.csv", quote = FALSE, row.names = FALSE)
