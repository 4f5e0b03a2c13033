# Reference values for PanelSlope (R 4.2.2, sandwich 3.0-2). Panels simulated here (set.seed(44)), written to
# panel_slope_input.csv (set, unit, period, x, y; NA where missing). For each panel, trail (0 and 3) and reach (Inf, and
# 4 and 2 on the panel with outliers): the regressor of period t is the mean of x over periods t - trail .. t (all
# present and within reach robust sd of the unit's median), an observation is used where that mean and y are present,
# and only units with two used observations or more take part.
# Independent of the Java code, on the balanced panels: lm(y ~ u + factor(unit) + factor(period)) and
# sandwich::vcovCL(m, cluster = ~unit, type = "HC0", cadjust = TRUE). On every panel, a second implementation in R of
# the documented definition (unit means, period means, unit means again; the clustered sandwich; the delete-one-unit
# jackknife of the within values), which on the balanced panels must equal lm's slope and vcovCL's error.
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
sets <- list(balanced = panel(12, 20, 0.4, 0), wide = panel(30, 26, -0.2, 0), gaps = panel(15, 24, 0.3, 2),
             outliers = panel(14, 24, 0.5, 0))
# gaps: a unit with a single used observation, a period without any x
g <- sets$gaps
g$x[g$unit == 14 & g$period > 1] <- NA
g$x[g$period == 7] <- NA
sets$gaps <- g
# outliers: a holiday in three units (x 1.2 lower, y 0.3 lower in two periods); a unit with half its x equal and one far
o <- sets$outliers
for (i in c(0, 4, 7)) {
  h <- o$unit == i & o$period %in% c(10, 11)
  o$x[h] <- o$x[h] - 1.2
  o$y[h] <- o$y[h] - 0.3
}
u9 <- o$unit == 9
o$x[u9] <- c(rep(1, 13), seq(1.05, 1.5, length.out = 10), 4)
sets$outliers <- o
robustScale <- function(v) {
  med <- median(v, na.rm = TRUE)
  s <- mad(v, na.rm = TRUE, constant = 1.482602218505602)
  if (!(s > 0)) s <- 1.2533141373155003 * mean(abs(v - med), na.rm = TRUE)
  c(med, s)
}
used <- function(d, trail, reach) {
  d <- d[order(d$unit, d$period), ]
  d$u <- NA
  for (i in unique(d$unit)) {
    r <- which(d$unit == i)
    x <- d$x[r]
    if (is.finite(reach)) {
      ms <- robustScale(x)
      if (ms[2] > 0) x[!is.na(x) & abs(x - ms[1]) > reach * ms[2]] <- NA
    }
    for (k in seq_along(r)) {
      if (k > trail) {
        w <- x[(k - trail):k]
        if (all(!is.na(w))) d$u[r[k]] <- mean(w)
      }
    }
  }
  d <- d[!is.na(d$u) & !is.na(d$y), ]
  k <- ave(d$u, d$unit, FUN = length)
  d[k >= 2, ]
}
definition <- function(d) {
  d$u1 <- d$u - ave(d$u, d$unit); d$y1 <- d$y - ave(d$y, d$unit)
  d$u2 <- d$u1 - ave(d$u1, d$period); d$y2 <- d$y1 - ave(d$y1, d$period)
  d$u3 <- d$u2 - ave(d$u2, d$unit); d$y3 <- d$y2 - ave(d$y2, d$unit)
  a <- tapply(d$u3 * d$y3, d$unit, sum); c <- tapply(d$u3^2, d$unit, sum)
  b <- sum(a) / sum(c)
  g <- length(a)
  clustered <- sqrt(g / (g - 1) * sum((a - b * c)^2)) / sum(c)
  without <- (sum(a) - a) / (sum(c) - c)
  jackknife <- sqrt((g - 1) / g * sum((without - mean(without))^2))
  c(slope = b, clustered = clustered, jackknife = jackknife, units = g, observations = nrow(d))
}
inputs <- c(); rows <- c()
for (name in names(sets)) {
  d <- sets[[name]]
  inputs <- rbind(inputs, data.frame(set = name, d))
  reaches <- if (name == "outliers") c(Inf, 4, 2) else Inf
  for (trail in c(0, 3)) {
    for (reach in reaches) {
      u <- used(d, trail, reach)
      r <- definition(u)
      lmSlope <- NA; lmSe <- NA
      if (name %in% c("balanced", "wide")) {
        m <- lm(y ~ u + factor(unit) + factor(period), u)
        lmSlope <- coef(m)[["u"]]
        lmSe <- sqrt(vcovCL(m, cluster = ~unit, type = "HC0", cadjust = TRUE)["u", "u"])
        stopifnot(abs(lmSlope - r[["slope"]]) < 1e-12, abs(lmSe - r[["clustered"]]) < 1e-12)
      }
      rows <- rbind(rows, data.frame(set = name, trail = trail, reach = reach, slope = r[["slope"]],
                                     clustered = r[["clustered"]], jackknife = r[["jackknife"]],
                                     units = r[["units"]], observations = r[["observations"]],
                                     lm_slope = lmSlope, vcovcl_se = lmSe))
    }
  }
}
write.csv(format(inputs, digits = 17), "panel_slope_input.csv", row.names = FALSE, quote = FALSE, na = "NA")
write.csv(format(rows, digits = 17), "panel_slope_expected.csv", row.names = FALSE, quote = FALSE)
