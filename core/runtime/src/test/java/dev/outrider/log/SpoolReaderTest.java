package dev.outrider.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.LogEvent.CommandOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolReaderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-29T16:26:40Z"), ZoneOffset.UTC);
    private static final int BYTES = 4 * 1024 * 1024;

    @TempDir
    Path folder;

    private final SpoolMarks marks = new SpoolMarks();

    /** Writes three appends of three output events each, so that marks fall after events 3, 6 and 9. */
    private Path threeWritesOfThreeEvents() {
        Path spool = folder.resolve("spool");
        try (JobLog log = new JobLog("job-1", spool, entry -> { }, CLOCK, marks)) {
            for (int write = 0; write < 3; write++) {
                int first = write * 3;
                log.appendAll(IntStream.range(first, first + 3)
                        .mapToObj(n -> new CommandOutput(1717000000L, "line " + n + "\n")).toList());
            }
        }
        return spool;
    }

    private static String text(SpoolReader.Batch batch) {
        byte[] bytes = new byte[batch.length()];
        batch.bytes().duplicate().get(bytes);
        return new String(bytes, UTF_8);
    }

    @Test
    void aBatchTakesTheWholeEventBudgetPastTheLastMarkThatFits() throws Exception {
        Path spool = threeWritesOfThreeEvents();
        List<String> lines = Files.readAllLines(spool);

        try (SpoolReader reader = new SpoolReader(spool, marks)) {
            SpoolReader.Batch first = reader.peek(7, BYTES);
            String firstText = text(first); // a batch's bytes are valid until the next peek
            reader.advance(first);
            SpoolReader.Batch second = reader.peek(7, BYTES);
            String secondText = text(second);
            reader.advance(second);

            assertThat(first.firstOffset()).isZero();
            assertThat(first.count()).isEqualTo(7);
            assertThat(firstText).isEqualTo(String.join("\n", lines.subList(0, 7)) + "\n");
            assertThat(second.firstOffset()).isEqualTo(7);
            assertThat(second.count()).isEqualTo(2);
            assertThat(secondText).isEqualTo(String.join("\n", lines.subList(7, 9)) + "\n");
            assertThat(reader.peek(7, BYTES).isEmpty()).isTrue();
        }
    }

    @Test
    void theEventsUpToAMarkAreNotCounted() throws Exception {
        Path spool = threeWritesOfThreeEvents();
        // marks that say otherwise than the bytes show that the reader trusts a mark without reading for line ends
        SpoolMarks claims = new SpoolMarks();
        claims.add(Files.size(spool), 5);

        try (SpoolReader reader = new SpoolReader(spool, claims)) {
            assertThat(reader.peek(2000, BYTES).count()).isEqualTo(5);
        }
    }

    @Test
    void withoutMarksTheReaderCountsLineEndsAndTakesTheWholeEventBudget() throws Exception {
        Path spool = threeWritesOfThreeEvents();

        try (SpoolReader reader = new SpoolReader(spool, new SpoolMarks())) {
            SpoolReader.Batch first = reader.peek(7, BYTES);
            reader.advance(first);
            SpoolReader.Batch second = reader.peek(7, BYTES);

            assertThat(first.count()).isEqualTo(7);
            assertThat(second.firstOffset()).isEqualTo(7);
            assertThat(second.count()).isEqualTo(2);
        }
    }

    @Test
    void marksBeyondTheByteBudgetAreNotTaken() throws Exception {
        Path spool = threeWritesOfThreeEvents();
        int firstLine = Files.readAllLines(spool).getFirst().length() + 1;

        try (SpoolReader reader = new SpoolReader(spool, marks)) {
            SpoolReader.Batch batch = reader.peek(2000, firstLine * 2);

            assertThat(batch.count()).as("counted, since no mark lies within two lines").isEqualTo(2);
            assertThat(batch.length()).isEqualTo(firstLine * 2);
        }
    }

    @Test
    void onlyTheNewestMarksAreKept() {
        for (int n = 1; n <= SpoolMarks.CAPACITY + 10; n++) {
            marks.add(n * 10L, n);
        }

        assertThat(marks.farthest(0, 0, 100, 2000)).as("the first ten were let go").isNull();
        assertThat(marks.farthest(100, 10, 1000, 2000)).isEqualTo(new SpoolMarks.Mark(1100, 110));
    }
}
