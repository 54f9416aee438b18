package dev.outrider.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.PluginException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginOptionsTest {

    private static PluginOptions options(Map<String, Object> values) {
        return new PluginOptions("executor 'demo'", values);
    }

    @Test
    void readsScalarsAsStrippedTextWhateverTheirYamlType() {
        PluginOptions read = options(Map.of("host", " tcp://h:1 ", "count", 10, "on", true));

        assertThat(read.text("host")).contains("tcp://h:1");
        assertThat(read.text("count")).contains("10");
        assertThat(read.flag("on")).contains(true);
        assertThat(read.integer("count", 0, 60, "a number")).contains(10);
        assertThat(read.text("absent")).isEmpty();
        assertThat(read.has("host")).isTrue();
        assertThat(read.has("absent")).isFalse();
    }

    @Test
    void treatsANullValueAsAbsent() {
        Map<String, Object> values = new HashMap<>();
        values.put("image", null);

        PluginOptions read = options(values);

        assertThat(read.text("image")).isEmpty();
        assertThat(read.list("image")).isEmpty();
        assertThat(read.has("image")).isFalse();
    }

    @Test
    void namesTheFirstUnknownKeyAndListsTheAcceptedOnesSorted() {
        assertThatThrownBy(() -> options(Map.of("imgae", "x")).requireKnownKeys(List.of("image", "cpus")))
                .isInstanceOf(PluginException.class)
                .hasMessage("executor 'demo': option 'imgae' is unknown; accepted options: cpus, image");
    }

    @Test
    void rejectsAListOrMapWhereASingleValueIsExpected() {
        assertThatThrownBy(() -> options(Map.of("host", List.of("a"))).text("host"))
                .hasMessage("executor 'demo': option 'host': '[a]' is not valid; use a single value");
    }

    @Test
    void readsTrueOrFalseAndNamesAnyOtherValue() {
        assertThat(options(Map.of("on", "false")).flag("on")).contains(false);
        assertThat(options(Map.of("on", " ")).flag("on")).isEmpty();
        assertThatThrownBy(() -> options(Map.of("on", "yes")).flag("on"))
                .hasMessage("executor 'demo': option 'on': 'yes' is not valid; use true or false");
    }

    @Test
    void rejectsAWholeNumberOutOfRangeOrNotANumberWithTheAcceptedForm() {
        String accepted = "a whole number of seconds from 0 to 60";
        assertThatThrownBy(() -> options(Map.of("t", 61)).integer("t", 0, 60, accepted))
                .hasMessage("executor 'demo': option 't': '61' is not valid; use " + accepted);
        assertThatThrownBy(() -> options(Map.of("t", "1.5")).integer("t", 0, 60, accepted))
                .hasMessage("executor 'demo': option 't': '1.5' is not valid; use " + accepted);
    }

    @Test
    void readsAListOfStringsAndRejectsAScalarOrNestedItems() {
        assertThat(options(Map.of("v", List.of(" /a:/b ", 3))).list("v")).contains(List.of("/a:/b", "3"));
        assertThatThrownBy(() -> options(Map.of("v", "/a:/b")).list("v"))
                .hasMessage("executor 'demo': option 'v': '/a:/b' is not valid; use a list, e.g. v: [\"...\"]");
        assertThatThrownBy(() -> options(Map.of("v", List.of(List.of("x")))).list("v"))
                .hasMessage("executor 'demo': option 'v': '[x]' is not valid; use a list of strings");
    }

    @Test
    void readsAMapInItsOrderAndNamesANestedValueByItsPath() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("b", "2");
        labels.put("a", 1);

        assertThat(options(Map.of("labels", labels)).map("labels")).hasValueSatisfying(map ->
                assertThat(map).containsExactly(Map.entry("b", "2"), Map.entry("a", "1")));
        assertThatThrownBy(() -> options(Map.of("labels", "x")).map("labels"))
                .hasMessage("executor 'demo': option 'labels': 'x' is not valid; use a map, e.g. labels: {NAME: value}");
        assertThatThrownBy(() -> options(Map.of("labels", Map.of("a", List.of()))).map("labels"))
                .hasMessage("executor 'demo': option 'labels.a': '[]' is not valid; use a single value");
    }
}
