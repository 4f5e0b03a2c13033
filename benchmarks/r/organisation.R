# The R half of benchmarks/compare-with-r.sh: per segment, the statistics Goodhart's five pair detectors compute,
# written the way an analyst would in R from Debian's and CRAN's packages, and nothing more (Goodhart's side is timed
# with the same five detectors and no portfolio detectors):
#   coupling decay        two cor.test on daily log changes (baseline, recent) and the Fisher z of their difference
#   yield decay           lm(d log outcome ~ d log proxy * recent), its summary
#   growth divergence     log growth ratio of proxy over outcome with Bartlett long-run variances (sandwich::lrvar,
#                         bandwidth round(sqrt(n)) as Goodhart's)
#   intervention response lm(level ~ t + step + ramp) for both series with sandwich::NeweyWest errors
#   change points         changepoint::cpt.mean(PELT, MBIC, minseglen 3) on the weekly means of both log series
#                         (weeks aligned on the split, each scaled by the noise of its baseline weeks), as Goodhart
#                         searches daily series of 12 weeks or more (it first takes each weekday's baseline effect
#                         from each day, which leaves a complete week's mean as it is: every week here is complete)
# CPU time (user + system) of the first K segments, extrapolated linearly. Usage: Rscript organisation.R CSV K
suppressPackageStartupMessages({library(sandwich); library(changepoint)})
args <- commandArgs(trailingOnly = TRUE)
csv <- args[1]
k <- as.integer(ifelse(length(args) > 1, args[2], "200"))
d <- read.csv(csv, stringsAsFactors = FALSE)
segments <- unique(d$segment)
n_all <- length(segments)
days <- length(unique(d$date))
split <- days %/% 2 + 1
by_segment <- split(d, d$segment)[segments[seq_len(min(k, n_all))]]

analyse <- function(x) {
  p <- log(x$value[x$metric == "tokens"])
  o <- log(x$value[x$metric == "output"])
  n <- length(p)
  recent <- seq_len(n) >= split
  dp <- diff(p); do <- diff(o); rec <- recent[-1]
  cb <- cor.test(dp[!rec], do[!rec]); cr <- cor.test(dp[rec], do[rec])
  z <- (atanh(cb$estimate) - atanh(cr$estimate)) / sqrt(1 / (sum(!rec) - 3) + 1 / (sum(rec) - 3))
  yd <- summary(lm(do ~ dp * rec))
  lr <- function(v) lrvar(v, type = "Newey-West", prewhite = FALSE, adjust = FALSE, lag = round(sqrt(length(v))))
  ep <- exp(p); eo <- exp(o)
  g <- log(mean(ep[recent]) / mean(ep[!recent])) - log(mean(eo[recent]) / mean(eo[!recent]))
  gse <- sqrt(lr(ep[recent]) / mean(ep[recent])^2 + lr(ep[!recent]) / mean(ep[!recent])^2 +
              lr(eo[recent]) / mean(eo[recent])^2 + lr(eo[!recent]) / mean(eo[!recent])^2)
  t <- seq_len(n); step <- as.numeric(recent); ramp <- step * (t - split)
  lag <- floor(4 * (n / 100)^(2 / 9))
  mp <- lm(p ~ t + step + ramp); mo <- lm(o ~ t + step + ramp)
  vp <- NeweyWest(mp, lag = lag, prewhite = FALSE, adjust = FALSE)
  vo <- NeweyWest(mo, lag = lag, prewhite = FALSE, adjust = FALSE)
  week <- (t - split) %/% 7
  days_in <- rowsum(rep(1, n), week)
  full <- days_in >= 4
  weekly <- function(v) (rowsum(v, week) / days_in)[full]
  wp <- weekly(p); wo <- weekly(o)
  before <- as.integer(rownames(days_in))[full] < 0
  noise <- function(w) mad(diff(w[before])) / sqrt(2)
  cp <- cpts(cpt.mean(wp / noise(wp), method = "PELT", penalty = "MBIC", minseglen = 3))
  co <- cpts(cpt.mean(wo / noise(wo), method = "PELT", penalty = "MBIC", minseglen = 3))
  c(z, coef(yd)[4, 4], g / gse, sqrt(vp[3, 3]), sqrt(vo[3, 3]), length(cp), length(co))
}

invisible(analyse(by_segment[[1]]))  # load and compile what the first call needs
cpu <- function() { t <- proc.time(); t[["user.self"]] + t[["sys.self"]] }
c0 <- cpu()
for (x in by_segment) analyse(x)
used <- cpu() - c0
per <- used / length(by_segment)
points <- 2 * days
cat(sprintf("R %s: %d of %d segments, CPU %.2f s (%.1f ms per segment, %.0f ns per data point); extrapolated to %d segments: %.0f s CPU\n",
            paste(R.version$major, R.version$minor, sep = "."), length(by_segment), n_all, used, 1000 * per,
            1e9 * per / points, n_all, per * n_all))
