package dev.goodhart.detect;

/** DigitTest passes the portfolio detector compatibility kit. */
class DigitTestContractTest extends PortfolioDetectorContract<DigitTest> {
    @Override
    DigitTest detector() {
        return new DigitTest();
    }
}
