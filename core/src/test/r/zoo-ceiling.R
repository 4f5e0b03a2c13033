# Usage: Rscript core/src/test/r/zoo-ceiling.R features.csv   (features.csv from dev.goodhart.sim.zoo.ZooFeatures)
# A logistic classifier on window and peer features, trained on the true labels with 5-fold cross-validation by
# organisation: a ceiling for what simple features of the same data can separate, not a method (it learns the zoo's
# mix of kinds). Prints its AUC and power at 3% false alarms beside the library's, per kind and factor.
d <- read.csv(commandArgs(TRUE)[1])
d <- d[complete.cases(d[, c("p_pre","p_post","y_pre","y_post","y_sd")]), ]
d$dP <- d$p_post - d$p_pre; d$dY <- d$y_post - d$y_pre
d$dPl <- d$p_late - d$p_pre; d$dYl <- d$y_late - d$y_pre
d$trendY <- d$y_slope * (d$pre/7/2 + d$post/7/2)   # extrapolated trend gain from the pre mid to the post mid (weeks)
d$trendP <- d$p_slope * (d$pre/7/2 + d$post/7/2)
d$ydrift <- d$y_late_pre - d$y_early_pre
# peers: per organisation, medians
for (v in c("dP","dY","dPl","dYl")) d[[paste0("m",v)]] <- ave(d[[v]], d$org, FUN=median)
d$rP <- d$dP - d$mdP; d$rY <- d$dY - d$mdY; d$rPl <- d$dPl - d$mdPl; d$rYl <- d$dYl - d$mdYl
d$z <- d$dY / d$y_sd; d$rz <- d$rY / d$y_sd
d$y <- as.integer(d$gaming == "true")
# peer slope: per org robust slope of dY on dP (median of pairwise? use lm)
d$pslope <- ave(seq_len(nrow(d)), d$org, FUN=function(i) { co <- coef(lm(dY ~ dP, data=d[i,])); rep(co[2], length(i)) })
d$short <- d$dY - d$pslope * d$dP
f <- y ~ dP + dY + rP + rY + dPl + dYl + rPl + rYl + z + rz + y_sd + trendY + trendP + ydrift + short + I(short/y_sd) +
     dP:dY + rP:rY + I(rY/y_sd):rP + outcome + gran + noise
set.seed(1)
K <- 5; orgs <- unique(d$org); fold <- sample(rep(1:K, length.out=length(orgs))); names(fold) <- orgs
d$fold <- fold[as.character(d$org)]
d$pred <- NA
for (k in 1:K) {
  m <- glm(f, family=binomial, data=d[d$fold != k, ])
  d$pred[d$fold == k] <- predict(m, d[d$fold == k, ], type="response")
}
auc <- function(s, y) { r <- rank(s); n1 <- sum(y==1); n0 <- sum(y==0); (sum(r[y==1]) - n1*(n1+1)/2)/(n1*n0) }
thr <- quantile(d$pred[d$y==0], 0.97)
d$cflag <- d$pred > thr
cat(sprintf("teams %d; classifier AUC %.3f, at 3%% FA power %.1f%%; library AUC %.3f FA %.1f%% power %.1f%%\n", nrow(d),
  auc(d$pred, d$y), 100*mean(d$cflag[d$y==1]), auc(d$score, d$y), 100*mean(d$flagged[d$y==0]=="true"), 100*mean(d$flagged[d$y==1]=="true")))
lthr <- quantile(d$score[d$y==0], 0.97)
cat(sprintf("library score at its own 3%% FA threshold (%.1f): power %.1f%%\n", lthr, 100*mean(d$score[d$y==1] > lthr)))
for (g in c("kind","outcome","noise","coupling","gran","orggain")) {
  t <- aggregate(cbind(cls=d$cflag, lib=(d$flagged=="true")), by=list(v=d[[g]]), FUN=function(x) round(100*mean(x),1))
  cat(g, ":\n"); print(t, row.names=FALSE)
}
big <- d$y==1 & d$inflation >= 0.4
cat(sprintf("+40%% inflation: classifier %.1f%%, library %.1f%%\n", 100*mean(d$cflag[big]), 100*mean(d$flagged[big]=="true")))
