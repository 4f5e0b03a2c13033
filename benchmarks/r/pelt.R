# The R half of benchmarks/compare-pelt-with-r.sh: R changepoint's PELT on the series Goodhart just timed, CPU time
# (user + system) per element, best of REPS, and the positions, so that the Java side can check they are identical.
# Usage: Rscript pelt.R SERIES.txt COST(mean|meanvar) PER_BATCH OUT_POSITIONS.txt (5 batches of PER_BATCH runs; best)
suppressPackageStartupMessages(library(changepoint))
args <- commandArgs(trailingOnly = TRUE)
x <- scan(args[1], quiet = TRUE)
fn <- if (args[2] == "mean") cpt.mean else cpt.meanvar
per <- as.integer(args[3])
r <- fn(x, method = "PELT", penalty = "MBIC")  # warm-up
t0 <- system.time(r <- fn(x, method = "PELT", penalty = "MBIC"))
per <- max(1, ceiling(0.2 / max(1e-3, t0[["user.self"]] + t0[["sys.self"]])))  # batches of about 0.2 s, as the Java side
best <- Inf
for (i in 1:5) {
  t <- system.time(for (k in seq_len(per)) r <- fn(x, method = "PELT", penalty = "MBIC"))
  best <- min(best, (t[["user.self"]] + t[["sys.self"]]) / per)
}
writeLines(as.character(cpts(r)), args[4])
cat(sprintf("%.1f\n", 1e9 * best / length(x)))
