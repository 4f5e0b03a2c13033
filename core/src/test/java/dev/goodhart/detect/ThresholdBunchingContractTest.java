package dev.goodhart.detect;

/** ThresholdBunching passes the portfolio detector compatibility kit. */
class ThresholdBunchingContractTest extends PortfolioDetectorContract<ThresholdBunching> {
    @Override
    ThresholdBunching detector() {
        return new ThresholdBunching();
    }
}
