# The R half of benchmarks/compare-with-r.sh: the same per-segment analysis as Goodhart's detectors, written the way
# an analyst would in R from Debian's packages (stats::lm, stats::cor.test, sandwich::NeweyWest,
# strucchange::breakpoints), timed on the first K segments of the CSV and extrapolated linearly to all of them.
# Usage: Rscript organisation.R organisation.csv K
suppressPackageStartupMessages({library(sandwich); library(strucchange)})
args <- commandArgs(trailingOnly = TRUE)
csv <- args[1]
k <- as.integer(ifelse(length(args) > 1, args[2], "200"))
d <- read.csv(csv, stringsAsFactors = FALSE)
segments <- unique(d$segment)
n_all <- length(segments)
days <- length(unique(d$date))
split <- days %/% 2 + 1

analyse <- function(seg) {
  x <- d[d$segment == seg, ]
  p <- log(x$value[x$metric == "tokens"])
  o <- log(x$value[x$metric == "output"])
  n <- length(p)
  recent <- seq_len(n) >= split
  # coupling decay: correlation of changes in each window, Fisher z
  dp <- diff(p); do <- diff(o); rec <- recent[-1]
  cb <- cor.test(dp[!rec], do[!rec]); cr <- cor.test(dp[rec], do[rec])
  z <- (atanh(cb$estimate) - atanh(cr$estimate)) / sqrt(1 / (sum(!rec) - 3) + 1 / (sum(rec) - 3))
  # yield decay: elasticity break
  yd <- summary(lm(do ~ dp * rec))
  # growth divergence: moving-block bootstrap of the log growth ratio, 999 replicates
  gr <- function(pb, pr, ob, orr) log(mean(pr) / mean(pb)) - log(mean(orr) / mean(ob))
  eb <- exp(p[!recent]); er <- exp(p[recent]); ob <- exp(o[!recent]); orr <- exp(o[recent])
  block <- function(v) { m <- length(v); L <- round(sqrt(m)); idx <- unlist(lapply(sample.int(m, ceiling(m / L), TRUE),
    function(s) ((s - 1 + 0:(L - 1)) %% m) + 1))[1:m]; v[idx] }
  boot <- replicate(999, gr(block(eb), block(er), block(ob), block(orr)))
  # intervention response: segmented regression with Newey-West errors on both series
  t <- seq_len(n); step <- as.numeric(recent); ramp <- step * (t - split)
  mp <- lm(p ~ t + step + ramp); mo <- lm(o ~ t + step + ramp)
  vp <- NeweyWest(mp, lag = 4, prewhite = FALSE, adjust = FALSE)
  vo <- NeweyWest(mo, lag = 4, prewhite = FALSE, adjust = FALSE)
  # change points in the proxy
  bp <- breakpoints(p ~ 1, h = 0.15)
  c(z, coef(yd)[4, 4], sd(boot), sqrt(vp[3, 3]), sqrt(vo[3, 3]), length(bp$breakpoints))
}

set.seed(1)
k <- min(k, n_all)
elapsed <- system.time(for (s in segments[1:k]) analyse(s))[["elapsed"]]
per <- elapsed / k
cat(sprintf("R %s: %d of %d segments in %.1f s (%.1f ms per segment); extrapolated to %d segments: %.0f s\n",
            paste(R.version$major, R.version$minor, sep = "."), k, n_all, elapsed, 1000 * per, n_all, per * n_all))
