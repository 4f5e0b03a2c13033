package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceboZTextTest {
    /**
     * The placebo sentence's z: two decimals where it means something, a bound where a series without noise divides
     * by nearly nothing (helper-173: "z = 68970722.29" for a constant outcome beside a use exactly doubled).
     */
    @Test
    void aZFromNoNoiseIsABound() {
        assertThat(ExpectedResponse.zText(5.2634)).isEqualTo("= 5.26");
        assertThat(ExpectedResponse.zText(-0.5)).isEqualTo("= -0.50");
        assertThat(ExpectedResponse.zText(68_970_722.29)).isEqualTo("above 1,000");
        assertThat(ExpectedResponse.zText(-2e6)).isEqualTo("below -1,000");
    }

    /** A rise under the material 10% never reads "10%" beside "not a material rise (10% or more)". */
    @Test
    void aRiseUnderTheMaterialTenPercentDoesNotReadTen() {
        assertThat(ExpectedResponse.useMoved(Math.log(1.097), false)).isEqualTo("rose 9.7%");
        assertThat(ExpectedResponse.useMoved(Math.log(1.0999), false)).isEqualTo("rose 9.9%");
        assertThat(ExpectedResponse.useMoved(Math.log(1.097), true)).isEqualTo("lengthened 9.7%");
        assertThat(ExpectedResponse.useMoved(-Math.log(1.097), true)).isEqualTo("shortened 9%");
        assertThat(ExpectedResponse.useMoved(Math.log(1.09), false)).isEqualTo("rose 9%");
        assertThat(ExpectedResponse.useMoved(Math.log(1.104), false)).isEqualTo("rose 10%");
    }
}
