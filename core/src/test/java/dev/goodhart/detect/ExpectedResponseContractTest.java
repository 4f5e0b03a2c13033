package dev.goodhart.detect;

/** ExpectedResponse passes the portfolio detector compatibility kit. */
class ExpectedResponseContractTest extends PortfolioDetectorContract<ExpectedResponse> {
    @Override
    ExpectedResponse detector() {
        return new ExpectedResponse();
    }
}
