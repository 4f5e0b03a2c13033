package dev.goodhart.detect;

/** DifferenceInDifferences passes the portfolio detector compatibility kit. */
class DifferenceInDifferencesContractTest extends PortfolioDetectorContract<DifferenceInDifferences> {
    @Override
    DifferenceInDifferences detector() {
        return new DifferenceInDifferences();
    }
}
