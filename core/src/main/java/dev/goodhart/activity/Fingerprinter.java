package dev.goodhart.activity;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns request text into a fingerprint, so that the text itself is never stored, logged or printed.
 *
 * <p>A fingerprint is {@code tttttttt:ffffffffffffffffffffffff} (lower-case hex): 32 bits of a hash of the request's
 * <em>topic</em> (its first two content words, lower-cased, common English stop words removed), a colon, and 96 bits
 * of a hash of the whole request after Unicode NFKC normalisation, lower-casing and collapsing whitespace. Equal
 * fingerprints mean exact repeats (up to case and spacing); equal topic prefixes mean "probably the same subject",
 * which is what the task-splitting signature looks for.
 *
 * <p>With a key ({@link #keyed(byte[])}) both hashes are HMAC-SHA256 (RFC 2104), so nobody without the key can test a
 * guessed request against a fingerprint. Without a key ({@link #unkeyed()}) they are plain SHA-256: the text cannot be
 * read back, but short or common requests can be confirmed by hashing guesses, so give a key for real logs.
 *
 * <p>Immutable and thread-safe.
 */
public final class Fingerprinter {
    private static final Pattern FINGERPRINT = Pattern.compile("(?:[0-9a-fA-F]{8}:)?[0-9a-fA-F]{16,128}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by", "can",
            "could", "did", "do", "does", "for", "from", "give", "how", "i", "if", "in", "into", "is", "it", "its", "me",
            "my", "of", "on", "or", "our", "please", "should", "so", "tell", "that", "the", "their", "them", "then",
            "there", "these", "this", "to", "us", "was", "we", "what", "when", "where", "which", "who", "why", "will",
            "with", "would", "you", "your");
    private static final int TOPIC_WORDS = 2;

    private final HashFunction hash;
    private final boolean keyed;

    private Fingerprinter(HashFunction hash, boolean keyed) {
        this.hash = hash;
        this.keyed = keyed;
    }

    /** A fingerprinter with plain SHA-256 (no key). */
    public static Fingerprinter unkeyed() {
        return new Fingerprinter(Hashing.sha256(), false);
    }

    /**
     * A fingerprinter with HMAC-SHA256 under {@code key} (copied).
     *
     * @throws IllegalArgumentException if the key is shorter than 16 bytes
     */
    public static Fingerprinter keyed(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 16) {
            throw new IllegalArgumentException("fingerprint key: must be at least 16 bytes, found " + key.length);
        }
        return new Fingerprinter(Hashing.hmacSha256(Arrays.copyOf(key, key.length)), true);
    }

    /**
     * A fingerprinter with HMAC-SHA256 under the UTF-8 bytes of {@code secret}, for keys given on a command line.
     *
     * @throws IllegalArgumentException if the secret is shorter than 16 bytes in UTF-8
     */
    public static Fingerprinter keyed(String secret) {
        return keyed(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this fingerprinter uses a key. */
    public boolean isKeyed() {
        return keyed;
    }

    /**
     * The fingerprint of one request.
     *
     * @param requestText the request as sent; never stored
     * @return {@code tttttttt:} followed by 24 hex digits
     */
    public String fingerprint(String requestText) {
        Objects.requireNonNull(requestText, "requestText");
        String[] parts = ascii(requestText);
        return parts != null ? hash(parts[0], parts[1]) : slow(requestText);
    }

    /** The general path: Unicode normalisation and the regular expressions of the class comment. */
    String slow(String requestText) {
        String normal = WHITESPACE.matcher(Normalizer.normalize(requestText, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        StringBuilder topic = new StringBuilder();
        int words = 0;
        for (String w : NON_WORD.split(normal)) {
            if (w.length() < 2 || STOP_WORDS.contains(w)) {
                continue;
            }
            topic.append(w).append(' ');
            if (++words == TOPIC_WORDS) {
                break;
            }
        }
        return hash(topic.toString(), normal);
    }

    /**
     * The same normal form and topic as {@link #slow} for text that is all ASCII, in one pass without regular
     * expressions (NFKC leaves ASCII as it is); null for any other text. Returns {topic, normal}.
     */
    static String[] ascii(String text) {
        int n = text.length();
        StringBuilder normal = new StringBuilder(n);
        boolean space = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                space = true;
                continue;
            }
            if (space) {
                normal.append(' ');
                space = false;
            }
            normal.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        if (space) {
            normal.append(' ');
        }
        int from = 0;
        int to = normal.length();
        while (from < to && Character.isWhitespace(normal.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(normal.charAt(to - 1))) {
            to--;
        }
        String norm = normal.substring(from, to);
        StringBuilder topic = new StringBuilder();
        int words = 0;
        int start = -1;
        for (int i = 0; i <= norm.length() && words < TOPIC_WORDS; i++) {
            char c = i < norm.length() ? norm.charAt(i) : ' ';
            boolean word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                String w = norm.substring(start, i);
                start = -1;
                if (w.length() >= 2 && !STOP_WORDS.contains(w)) {
                    topic.append(w).append(' ');
                    words++;
                }
            }
        }
        return new String[] {topic.toString(), norm};
    }

    private String hash(String topic, String normal) {
        String t = hash.newHasher().putString("topic\u0000", StandardCharsets.UTF_8)
                .putString(topic, StandardCharsets.UTF_8).hash().toString().substring(0, 8);
        String f = hash.newHasher().putString("request\u0000", StandardCharsets.UTF_8)
                .putString(normal, StandardCharsets.UTF_8).hash().toString().substring(0, 24);
        return t + ':' + f;
    }

    /**
     * Whether {@code value} is a fingerprint rather than request text: 16 to 128 hex digits, optionally preceded by an
     * 8-hex-digit topic and a colon (the form {@link #fingerprint} produces). Fingerprints from other systems (a plain
     * hex SHA-256, say) are accepted; they carry no topic.
     */
    public static boolean isFingerprint(String value) {
        return value != null && FINGERPRINT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return keyed ? "Fingerprinter[HMAC-SHA256, keyed]" : "Fingerprinter[SHA-256, unkeyed]";
    }
}
