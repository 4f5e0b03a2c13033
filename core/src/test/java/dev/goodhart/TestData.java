package dev.goodhart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads reference files from the test classpath. */
public final class TestData {
    private TestData() {
    }

    /** The lines of a classpath resource, without blank lines. */
    public static List<String> lines(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One number per line. */
    public static double[] column(String resource) {
        return lines(resource).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
