package dev.outrider.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteScanTest {

    private static final byte[] ALPHABET = {'a', '\n', '"', '\\', 0, 0x1f, ' ', 0x7f, (byte) 0x80, (byte) 0xc3,
        (byte) 0xff, '9'};

    private static boolean jsonSpecial(byte b) {
        return b == '"' || b == '\\' || (b >= 0 && b < 0x20);
    }

    @Test
    void findsTheFirstNewlineAndTheFirstByteJsonMustEscapeWhereverTheyAre() {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly plain letters, so that the searched bytes land at every position of an eight-byte word
                bytes[i] = random.nextInt(8) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) 'x';
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            int newline = from;
            while (newline < to && bytes[newline] != '\n') {
                newline++;
            }
            int special = from;
            while (special < to && !jsonSpecial(bytes[special])) {
                special++;
            }
            assertThat(ByteScan.nextNewline(bytes, from, to)).isEqualTo(newline);
            assertThat(ByteScan.nextJsonSpecial(bytes, from, to)).isEqualTo(special);
        }
    }

    @Test
    void answersTheEndWhenThereIsNothingToFind() {
        byte[] bytes = "no such bytes here, é".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ByteScan.nextNewline(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        assertThat(ByteScan.nextJsonSpecial(bytes, 3, bytes.length)).isEqualTo(bytes.length);
        assertThat(ByteScan.nextNewline(bytes, 5, 5)).isEqualTo(5);
    }
}
