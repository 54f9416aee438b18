package dev.outrider.toolkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkerParserTest {

    private static final String START_MARK = "\u0001 outrider-abc-1-start";
    private static final String START = START_MARK + "\r\n";
    private static final String END = "\u0001 outrider-abc-1-end ";

    private final MarkerParser parser = new MarkerParser();
    private final Recorder recorder = new Recorder();

    /** Collects what the parser reports. */
    private static final class Recorder implements MarkerParser.Listener {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final List<Integer> exitCodes = new ArrayList<>();

        @Override
        public void output(byte[] bytes, int offset, int length) {
            assertThat(exitCodes).as("output after the end line").isEmpty();
            output.write(bytes, offset, length);
        }

        @Override
        public void finished(int exitCode) {
            exitCodes.add(exitCode);
        }

        String text() {
            return output.toString(UTF_8);
        }
    }

    private void expect() {
        parser.expect(START_MARK.getBytes(US_ASCII), END.getBytes(US_ASCII), recorder);
    }

    private void feed(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        parser.feed(bytes, 0, bytes.length);
    }

    /** Parses the stream in two reads, split at every byte offset in turn, each time with a fresh parser. */
    private static void assertParsedAtEverySplit(String stream, String output, int exitCode) {
        for (int split = 0; split <= stream.length(); split++) {
            Recorder seen = parsedInTwoReads(stream, split);

            assertThat(seen.text()).as("split at %d", split).isEqualTo(output);
            assertThat(seen.exitCodes).as("split at %d", split).containsExactly(exitCode);
        }
    }

    /** What a fresh parser makes of a stream that arrives in two reads, split at a byte offset. */
    private static Recorder parsedInTwoReads(String stream, int split) {
        MarkerParser fresh = new MarkerParser();
        Recorder seen = new Recorder();
        fresh.expect(START_MARK.getBytes(US_ASCII), END.getBytes(US_ASCII), seen);
        byte[] bytes = stream.getBytes(UTF_8);
        fresh.feed(bytes, 0, split);
        fresh.feed(bytes, split, bytes.length - split);
        return seen;
    }

    private void feedByteByByte(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
    }

    @Test
    void forwardsTheOutputBetweenStartAndEndLines() {
        expect();

        feed("printf start; source cmd\r\n" + START + "hello\r\nworld\r\n" + END + "0\r\n");

        assertThat(recorder.text()).isEqualTo("hello\r\nworld\r\n");
        assertThat(recorder.exitCodes).containsExactly(0);
    }

    @Test
    void findsTheMarkersWhenFedOneByteAtATime() {
        expect();

        feedByteByByte("\u001b[?2004l\r" + START + "héllo 特\r\n" + END + "3\r\n");

        assertThat(recorder.text()).isEqualTo("héllo 特\r\n");
        assertThat(recorder.exitCodes).containsExactly(3);
    }

    @Test
    void findsTheStartLineSplitAtAnyReadBoundary() {
        String stream = "noise " + START + "out\r\n" + END + "0\r\n";
        assertParsedAtEverySplit(stream, "out\r\n", 0);
    }

    @Test
    void dropsEverythingBeforeTheStartLine() {
        expect();

        feed("\u0001 outrider-abc-1-sta");
        feed("rt? no\r\n\u0001 outrider-abc-1-end 0\r\n");
        feed("echo x\r\n" + START.substring(0, 10));
        feed(START.substring(10) + "real\r\n" + END + "0\r\n");

        assertThat(recorder.text()).isEqualTo("real\r\n");
        assertThat(recorder.exitCodes).containsExactly(0);
    }

    @Test
    void forwardsALiteralSohThatDoesNotBeginTheEndLine() {
        expect();

        feed(START + "a\u0001b\r\n\u0001\u0001 outrider-abc-1-enX\r\n\u0001 outrider-abc-1-end \r\n"
                + "\u0001 outrider-abc-1-end x\r\n" + END + "0\r\n");

        assertThat(recorder.text()).isEqualTo("a\u0001b\r\n\u0001\u0001 outrider-abc-1-enX\r\n"
                + "\u0001 outrider-abc-1-end \r\n\u0001 outrider-abc-1-end x\r\n");
        assertThat(recorder.exitCodes).containsExactly(0);
    }

    @Test
    void forwardsTheOtherCommandsEndLineAsOutput() {
        expect();

        feed(START + "\u0001 outrider-abc-2-end 0\r\n" + END + "1\r\n");

        assertThat(recorder.text()).isEqualTo("\u0001 outrider-abc-2-end 0\r\n");
        assertThat(recorder.exitCodes).containsExactly(1);
    }

    @Test
    void forwardsAHeldSohWhenTheFollowingBytesDoNotMatch() {
        expect();
        feed(START + "x\u0001 outrider-abc");

        assertThat(recorder.text()).isEqualTo("x");

        feed("def\r\n");

        assertThat(recorder.text()).isEqualTo("x\u0001 outrider-abcdef\r\n");
        assertThat(recorder.exitCodes).isEmpty();
    }

    @Test
    void findsTheEndLineSplitAtAnyReadBoundary() {
        String stream = START + "out\u0001put\r\n" + END + "127\r\nPS1> ";
        int endLineStart = stream.indexOf(END);
        for (int split = endLineStart - 2; split <= stream.length(); split++) {
            Recorder seen = parsedInTwoReads(stream, split);

            assertThat(seen.text()).as("split at %d", split).isEqualTo("out\u0001put\r\n");
            assertThat(seen.exitCodes).as("split at %d", split).containsExactly(127);
        }
    }

    @Test
    void findsMarkerLinesOfATerminalThatDoesNotTranslateNewlinesSplitAtAnyReadBoundary() {
        String stream = "noise " + START_MARK + "\nout\r\nput\n" + END + "5\nPS1> ";
        assertParsedAtEverySplit(stream, "out\r\nput\n", 5);
    }

    @Test
    void theStartMarkerTextInsideALineIsNotTheStartLine() {
        expect();

        feed("echo " + START_MARK + " typed\r\n" + START_MARK + "x" + START + "real\r\n" + END + "0\r\n");

        assertThat(recorder.text()).isEqualTo("real\r\n");
        assertThat(recorder.exitCodes).containsExactly(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 127, 130, 255})
    void readsTheExitCode(int exitCode) {
        expect();

        feed(START + END + exitCode + "\r\n");

        assertThat(recorder.exitCodes).containsExactly(exitCode);
        assertThat(recorder.text()).isEmpty();
    }

    @Test
    void acceptsAnEndLineEndedByNewlineOnly() {
        expect();

        feed(START + "x\n" + END + "42\n");

        assertThat(recorder.exitCodes).containsExactly(42);
        assertThat(recorder.text()).isEqualTo("x\n");
    }

    @Test
    void dropsWhatFollowsTheEndLine() {
        expect();

        feed(START + "out\r\n" + END + "0\r\n\u001b[?2004hprompt$ ");
        feed("more noise\r\n" + END + "1\r\n");

        assertThat(recorder.text()).isEqualTo("out\r\n");
        assertThat(recorder.exitCodes).containsExactly(0);
        assertThat(parser.held()).isEmpty();
    }

    @Test
    void followsTheNextCommandAfterANewExpect() {
        expect();
        feed(START + "first\r\n" + END + "0\r\n");

        Recorder second = new Recorder();
        parser.expect("\u0001 outrider-abc-2-start".getBytes(US_ASCII),
                "\u0001 outrider-abc-2-end ".getBytes(US_ASCII), second);
        feed(START + "stale\r\n\u0001 outrider-abc-2-start\r\nsecond\r\n\u0001 outrider-abc-2-end 5\r\n");

        assertThat(recorder.text()).isEqualTo("first\r\n");
        assertThat(second.text()).isEqualTo("second\r\n");
        assertThat(second.exitCodes).containsExactly(5);
    }

    @Test
    void holdsBackBytesThatMayBeginTheEndLine() {
        expect();

        feed(START + "out\r\n\u0001 outrider-abc-1-e");

        assertThat(recorder.text()).isEqualTo("out\r\n");
        assertThat(new String(parser.held(), UTF_8)).isEqualTo("\u0001 outrider-abc-1-e");

        feed("nd 12");

        assertThat(new String(parser.held(), UTF_8)).isEqualTo(END + "12");
        assertThat(recorder.exitCodes).isEmpty();

        feed("\r\n");

        assertThat(recorder.exitCodes).containsExactly(12);
        assertThat(parser.held()).isEmpty();
    }

    @Test
    void holdsNothingBeforeTheStartLine() {
        expect();

        feed("\u0001 outrider-abc-1-st");

        assertThat(parser.held()).isEmpty();
        assertThat(recorder.text()).isEmpty();
    }

    @Test
    void stopsForwardingWhenAbandoned() {
        expect();
        feed(START + "partial\r\n" + END.substring(0, 5));

        parser.abandon();
        feed(END.substring(5) + "0\r\nlater\r\n");

        assertThat(recorder.text()).isEqualTo("partial\r\n");
        assertThat(recorder.exitCodes).isEmpty();
        assertThat(parser.held()).isEmpty();
    }

    @Test
    void ignoresBytesBeforeAnyCommandIsExpected() {
        feed(START + "output\r\n" + END + "0\r\n");

        expect();
        feed("ignored\r\n");

        assertThat(recorder.text()).isEmpty();
        assertThat(recorder.exitCodes).isEmpty();
    }
}
