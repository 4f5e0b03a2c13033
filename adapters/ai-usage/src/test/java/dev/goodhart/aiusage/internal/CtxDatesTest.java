package dev.goodhart.aiusage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The readers' quick date parsing agrees with java.time wherever it answers, and leaves the rest to it. */
class CtxDatesTest {
    @Property(tries = 1000)
    void datesAgreeWithJavaTime(@ForAll @LongRange(min = -300_000, max = 3_000_000) long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        String text = d.toString();
        long expected = text.length() == 10 ? epochDay : Long.MIN_VALUE;
        assertThat(Ctx.epochDay(text)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void instantsAgreeWithJavaTime(@ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long millis,
            @ForAll @IntRange(min = 0, max = 9) int digits) {
        Instant t = Instant.ofEpochMilli(millis);
        String text = t.toString();
        if (digits > 0 && !text.contains(".")) {
            text = text.replace("Z", "." + "0".repeat(digits) + "Z");
        }
        assertThat(Ctx.epochMillisUtc(text)).isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }

    @Test
    void otherFormsAreLeftToJavaTime() {
        for (String s : new String[] {"2025-02-30", "2025-13-01", "2025-1-01", "20250101", "2025-01-01 ", "+2025-01-01",
            "２０２５-01-01"}) {
            assertThat(Ctx.epochDay(s)).as(s).isEqualTo(Long.MIN_VALUE);
            boolean javaTimeAccepts;
            try {
                LocalDate.parse(s);
                javaTimeAccepts = true;
            } catch (DateTimeParseException e) {
                javaTimeAccepts = false;
            }
            assertThat(javaTimeAccepts).as(s).isFalse();
        }
        for (String s : new String[] {"2025-04-09T23:00:17+02:00", "2025-04-09T23:00:60Z", "2025-04-09T23:00Z",
            "2025-04-09T23:00:17.Z", "2025-04-09T23:00:17.1234567890Z", "2025-04-09 23:00:17Z", "2025-04-09T24:00:00Z"}) {
            assertThat(Ctx.epochMillisUtc(s)).as(s).isEqualTo(Long.MIN_VALUE);
        }
        assertThat(Ctx.epochMillisUtc("2025-04-09T23:00:17.5Z")).isEqualTo(Instant.parse("2025-04-09T23:00:17.500Z")
                .toEpochMilli());
    }
}
