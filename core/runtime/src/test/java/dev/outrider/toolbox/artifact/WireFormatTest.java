package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.toolbox.artifact.HubClient.RequestType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub request's JSON and the sizes the CLI prints, as upstream writes them. */
class WireFormatTest {

    @Test
    void emptyFieldsAreLeftOutAndTheBodyEndsWithANewline() {
        assertThat(HubClient.body(List.of(), RequestType.PUSH)).isEqualTo("{}\n");
        assertThat(HubClient.body(List.of("a"), RequestType.PUSH)).isEqualTo("{\"paths\":[\"a\"]}\n");
        assertThat(HubClient.body(List.of("a", "b"), RequestType.YANK)).isEqualTo("{\"paths\":[\"a\",\"b\"],\"type\":3}\n");
    }

    @Test
    void stringsAreEscapedAsGosEncoderDoes() {
        assertThat(HubClient.quote("a<b>&\"c\"\\\n\u0001\u2028")).isEqualTo("\"a\\u003cb\\u003e\\u0026\\\"c\\\"\\\\\\n\\u0001\\u2028\"");
    }

    @Test
    void sizesAre1024BasedWithOneDecimal() {
        assertThat(Sizes.format(0)).isEqualTo("0 B");
        assertThat(Sizes.format(1023)).isEqualTo("1023 B");
        assertThat(Sizes.format(1024)).isEqualTo("1.0 KB");
        assertThat(Sizes.format(1536)).isEqualTo("1.5 KB");
        assertThat(Sizes.format(1024L * 1024 * 1024)).isEqualTo("1.0 GB");
        assertThat(Sizes.files(1)).isEqualTo("1 file");
        assertThat(Sizes.files(0)).isEqualTo("0 files");
    }
}
