# Reference values for PanelSlope (R 4.2.2, sandwich 3.0-2). Panels simulated here (set.seed(44)), written to
# panel_slope_input.csv (set, unit, period, x, y; NA where missing). For each panel and trail (0 and 3): the regressor
# of period t is the mean of x over periods t - trail .. t (all present), an observation is used where that mean and y
# are present. Balanced panels (every observation used): lm(y ~ u + factor(unit) + factor(period)) and
# sandwich::vcovCL(m, cluster = ~unit, type = "HC0", cadjust = TRUE), independently of the Java code. The unbalanced
# panel: a second implementation in R of the documented one-pass definition (period means of the used values, then
# unit means; the clustered sandwich), not a published value.
library(sandwich)
options(digits = 17)
set.seed(44)
panel <- function(units, periods, slope, missing) {
  rows <- c()
  for (i in seq_len(units)) {
    drift <- as.numeric(arima.sim(list(ar = 0.8), periods)) * 0.2
    x <- drift + rnorm(periods, 0, 0.05) + rnorm(1, 0, 0.5)
    noise <- as.numeric(arima.sim(list(ar = 0.5), periods)) * 0.1
    calendar <- sin(seq_len(periods) / 3) * 0.1
    y <- slope * x + noise + calendar + rnorm(1, 0, 1)
    if (missing > 0) {
      x[sample(periods, missing)] <- NA
      y[sample(periods, missing)] <- NA
    }
    rows <- rbind(rows, data.frame(unit = i - 1, period = seq_len(periods) - 1, x = x, y = y))
  }
  rows
}
sets <- list(balanced = panel(12, 20, 0.4, 0), wide = panel(30, 26, -0.2, 0), gaps = panel(15, 24, 0.3, 2))
trailing <- function(d, trail) {
  d <- d[order(d$unit, d$period), ]
  d$u <- NA
  for (i in unique(d$unit)) {
    r <- which(d$unit == i)
    for (k in seq_along(r)) {
      if (k > trail) {
        w <- d$x[r[(k - trail):k]]
        if (all(!is.na(w))) d$u[r[k]] <- mean(w)
      }
    }
  }
  d[!is.na(d$u) & !is.na(d$y), ]
}
onePass <- function(d) {
  d$u1 <- d$u - ave(d$u, d$period); d$y1 <- d$y - ave(d$y, d$period)
  k <- ave(d$u1, d$unit, FUN = length); d <- d[k >= 2, ]
  d$u2 <- d$u1 - ave(d$u1, d$unit); d$y2 <- d$y1 - ave(d$y1, d$unit)
  b <- sum(d$u2 * d$y2) / sum(d$u2^2)
  s <- tapply(d$u2 * (d$y2 - b * d$u2), d$unit, sum)
  g <- length(s)
  c(slope = b, se = sqrt(g / (g - 1) * sum(s^2)) / sum(d$u2^2), units = g, observations = nrow(d))
}
inputs <- c(); rows <- c()
for (name in names(sets)) {
  d <- sets[[name]]
  inputs <- rbind(inputs, data.frame(set = name, d))
  for (trail in c(0, 3)) {
    used <- trailing(d, trail)
    if (name == "gaps") {
      r <- onePass(used)
      rows <- rbind(rows, data.frame(set = name, trail = trail, slope = r[["slope"]], se = r[["se"]],
                                     units = r[["units"]], observations = r[["observations"]]))
    } else {
      m <- lm(y ~ u + factor(unit) + factor(period), used)
      se <- sqrt(vcovCL(m, cluster = ~unit, type = "HC0", cadjust = TRUE)["u", "u"])
      rows <- rbind(rows, data.frame(set = name, trail = trail, slope = coef(m)[["u"]], se = se,
                                     units = length(unique(used$unit)), observations = nrow(used)))
    }
  }
}
write.csv(inputs, "panel_slope_input.csv", row.names = FALSE, quote = FALSE, na = "NA")
write.csv(format(rows, digits = 17), "panel_slope_expected.csv", row.names = FALSE, quote = FALSE)
