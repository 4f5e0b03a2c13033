# Usage: Rscript core/src/test/r/zoo-fair-rule.R features.csv: a threshold rule with no prior from the labels, for comparison.
src <- readLines("core/src/test/r/zoo-ceiling.R"); src[5] <- paste0("d <- read.csv(\"", commandArgs(TRUE)[1], "\")"); eval(parse(text = src[5:19]))
auc <- function(s, y) { r <- rank(s); n1 <- sum(y==1); n0 <- sum(y==0); (sum(r[y==1]) - n1*(n1+1)/2)/(n1*n0) }
# a rule that uses no prior on how often a rise is gaming: among teams whose proxy rose by 25% or more (whole window or
# last half), score by the realised outcome response per unit of rise, standardised by the team's own noise
rise <- pmax(d$dP, d$dPl)
riser <- rise > log(1.25)
gain <- ifelse(d$dPl > d$dP, d$dYl, d$dY)
s <- ifelse(riser, -(gain - 0.15 * rise) / pmax(d$y_sd, 0.02), -Inf)   # shortfall below a 0.15 elasticity, in noise units
thr <- quantile(s[d$y==0], 0.97)
fl <- s > thr
cat(sprintf("rule: risers %.0f%% of honest, %.0f%% of gaming; at 3%% FA power %.1f%%\n", 100*mean(riser[d$y==0]), 100*mean(riser[d$y==1]), 100*mean(fl[d$y==1])))
print(round(100*tapply(fl, d$kind, mean),1))
print(round(100*tapply(d$flagged=="true", d$kind, mean),1))
