package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The one-pass ASCII path of {@link Fingerprinter} gives exactly the fingerprints of the general path. */
class FingerprinterFastPathTest {
    @Provide
    Arbitrary<String> ascii() {
        return Arbitraries.strings().withChars("aZ09 \t\n\r\u000B\f\u001C\u001F.,-_:;!?'\"()[]{}/\\@#$%^&*+=<>|~`")
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('\u0000', '\u007F').ofMaxLength(60);
    }

    @Property(tries = 1000)
    void asciiTextFingerprintsAsTheGeneralPathDoes(@ForAll("ascii") String text) {
        Fingerprinter plain = Fingerprinter.unkeyed();
        Fingerprinter keyed = Fingerprinter.keyed("a-key-of-at-least-sixteen-bytes");
        assertThat(Fingerprinter.ascii(text)).isNotNull();
        assertThat(plain.fingerprint(text)).isEqualTo(plain.slow(text));
        assertThat(keyed.fingerprint(text)).isEqualTo(keyed.slow(text));
    }

    @Property(tries = 200)
    void otherTextTakesTheGeneralPath(@ForAll String text) {
        Fingerprinter plain = Fingerprinter.unkeyed();
        assertThat(plain.fingerprint(text)).isEqualTo(plain.slow(text));
    }
}
