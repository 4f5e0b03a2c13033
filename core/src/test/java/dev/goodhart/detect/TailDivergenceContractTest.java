package dev.goodhart.detect;

/** TailDivergence passes the portfolio detector compatibility kit. */
class TailDivergenceContractTest extends PortfolioDetectorContract<TailDivergence> {
    @Override
    TailDivergence detector() {
        return new TailDivergence();
    }
}
