package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.InvalidDataException;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorMapTest {
    private static ActorMap read(String text) throws IOException {
        return ActorMap.read(new StringReader(text), "teams.csv");
    }

    @Test
    void readsRowsWithOrWithoutAHeaderAndQuotes() throws IOException {
        ActorMap m = read("\uFEFFactor,team\nalice,web\n\"bob, jr\",\"api \"\"core\"\"\"\n\n");
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.segmentOf("alice")).contains("web");
        assertThat(m.segmentOf("nobody", "bob, jr")).contains("api \"core\"");
        assertThat(read("alice,web\n").segmentOf("alice")).contains("web");
        assertThat(Samples.teams().segmentOf("web-bot")).contains("web");
        assertThat(ActorMap.of(Map.of("x", "y")).segmentOf("x")).contains("y");
    }

    @Test
    void malformedRowsNameTheirLineAndColumn() {
        assertThatThrownBy(() -> read("alice,web,extra\n")).isInstanceOf(InvalidDataException.class)
                .hasMessage("teams.csv, line 1: expected two columns, actor,segment, found 3");
        assertThatThrownBy(() -> read("actor,segment\nalice,\n")).hasMessage("teams.csv, line 2, column 2: expected the "
                + "segment of alice, found an empty cell");
        assertThatThrownBy(() -> read("alice,web\nbob,api\nalice,api\n")).hasMessage("teams.csv, line 3, column 2: "
                + "alice is mapped to api here and to web on line 1");
        assertThatThrownBy(() -> read("\"alice,web\n")).hasMessage("teams.csv, line 1, column 1: a quoted field is not "
                + "closed on its line");
        assertThatThrownBy(() -> ActorMap.of(Map.of(" ", "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
