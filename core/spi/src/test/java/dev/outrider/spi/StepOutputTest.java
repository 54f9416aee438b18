package dev.outrider.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class StepOutputTest {

    /** Keeps what {@link StepOutput#write} got, as a plugin's own output would. */
    private static final class Written implements StepOutput {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(byte[] bytes, int offset, int length) {
            this.bytes.write(bytes, offset, length);
        }

        @Override
        public void message(String text) {
        }
    }

    @Test
    void untranslatedOutputReachesAnOutputWithoutItsOwnWayAsATranslatingTerminalShowsIt() {
        Written output = new Written();
        byte[] printed = "xx\r\nb\n\rc\nyy".getBytes(UTF_8);

        output.writeUntranslated(printed, 2, printed.length - 4);

        assertThat(output.bytes.toString(UTF_8)).isEqualTo("\r\r\nb\r\n\rc\r\n");
    }
}
