package dev.outrider.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.JobLogEntry;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.LogEvent;
import dev.outrider.spi.LogEvent.CommandFinished;
import dev.outrider.spi.LogEvent.CommandOutput;
import dev.outrider.spi.LogEvent.CommandStarted;
import dev.outrider.spi.LogEvent.JobFinished;
import dev.outrider.spi.LogEvent.JobStarted;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogTest {

    private static final Instant NOW = Instant.parse("2024-05-29T16:26:40.250Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path folder;

    private final List<JobLogEntry> published = new CopyOnWriteArrayList<>();

    private static List<LogEvent> helloJob(long t) {
        return List.of(
                new JobStarted(t),
                new CommandStarted(t, "echo hello"),
                new CommandOutput(t, "hello\n"),
                new CommandFinished(t, "echo hello", 0, t, t),
                new JobFinished(t, JobResult.PASSED));
    }

    @Test
    void writesOneJsonLinePerEventInSemaphoresFormat() throws Exception {
        Path spool = folder.resolve("job_log.json");
        try (JobLog log = new JobLog("job-1", spool, published::add, CLOCK)) {
            helloJob(1717000000L).forEach(log::append);
        }

        assertThat(Files.readString(spool)).isEqualTo("""
                {"event":"job_started","timestamp":1717000000}
                {"event":"cmd_started","timestamp":1717000000,"directive":"echo hello"}
                {"event":"cmd_output","timestamp":1717000000,"output":"hello\\n"}
                {"event":"cmd_finished","timestamp":1717000000,"directive":"echo hello","exit_code":0,\
                "started_at":1717000000,"finished_at":1717000000}
                {"event":"job_finished","timestamp":1717000000,"result":"passed"}
                """);
    }

    @Test
    void numbersEventsByTheirLineInTheLog() {
        List<Long> offsets = new ArrayList<>();
        try (JobLog log = new JobLog("job-1", folder.resolve("spool"), published::add, CLOCK)) {
            helloJob(7).forEach(event -> offsets.add(log.append(event)));

            assertThat(log.size()).isEqualTo(5);
        }

        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void publishesEachEntryInOrderWithTheJobAndItsOffset() {
        List<LogEvent> events = helloJob(7);
        try (JobLog log = new JobLog("job-42", folder.resolve("spool"), published::add, CLOCK)) {
            events.forEach(log::append);
        }

        assertThat(published).extracting(JobLogEntry::event).containsExactlyElementsOf(events);
        assertThat(published).extracting(JobLogEntry::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(published).extracting(JobLogEntry::jobId).containsOnly("job-42");
        assertThat(published).extracting(JobLogEntry::emittedAt).containsOnly(NOW);
    }

    @Test
    void storesTheEventBeforePublishingIt() {
        Path spool = folder.resolve("spool");
        List<String> spoolWhenPublished = new ArrayList<>();
        try (JobLog log = new JobLog("job-1", spool, entry -> spoolWhenPublished.add(readSpool(spool)), CLOCK)) {
            log.append(new JobStarted(1));
            log.append(new CommandStarted(2, "make"));
        }

        assertThat(spoolWhenPublished).containsExactly(
                "{\"event\":\"job_started\",\"timestamp\":1}\n",
                "{\"event\":\"job_started\",\"timestamp\":1}\n"
                        + "{\"event\":\"cmd_started\",\"timestamp\":2,\"directive\":\"make\"}\n");
    }

    @Test
    void writesNonAsciiOutputAsUtf8AndReadsBackTheSameEvents() throws Exception {
        Path spool = folder.resolve("spool");
        List<LogEvent> events = List.of(new CommandOutput(3, "特定 \uFFFD <ok> \u0001\n"), new CommandOutput(3, ""));
        try (JobLog log = new JobLog("job-1", spool, published::add, CLOCK)) {
            events.forEach(log::append);
        }

        List<String> lines = Files.readAllLines(spool, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).contains("特定 \\ufffd \\u003cok\\u003e \\u0001\\n");
        assertThat(lines).map(EventJson::decode).containsExactlyElementsOf(events);
    }

    @Test
    void givesTimestampsInWholeUnixSecondsFromItsClock() {
        try (JobLog log = new JobLog("job-1", folder.resolve("spool"), published::add, CLOCK)) {
            assertThat(log.now()).isEqualTo(NOW.getEpochSecond());
            assertThat(log.spool()).isEqualTo(folder.resolve("spool"));
        }
    }

    @Test
    void refusesAppendsAfterClose() throws Exception {
        Path spool = folder.resolve("spool");
        JobLog log = new JobLog("job-9", spool, published::add, CLOCK);
        log.append(new JobStarted(1));
        log.close();
        log.close();

        assertThatThrownBy(() -> log.append(new JobFinished(2, JobResult.PASSED)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job-9");
        assertThat(published).hasSize(1);
        assertThat(Files.readAllLines(spool)).hasSize(1);
        assertThat(log.size()).isEqualTo(1);
    }

    @Test
    void refusesToReuseAnExistingSpoolFile() throws Exception {
        Path spool = Files.writeString(folder.resolve("spool"), "{\"event\":\"job_started\",\"timestamp\":1}\n");

        assertThatThrownBy(() -> new JobLog("job-1", spool, published::add, CLOCK))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(spool.toString());
        assertThat(Files.readString(spool)).isEqualTo("{\"event\":\"job_started\",\"timestamp\":1}\n");
    }

    @Test
    void keepsOneOrderForSpoolAndListenersUnderConcurrentAppends() throws Exception {
        Path spool = folder.resolve("spool");
        int threads = 8;
        int perThread = 200;
        try (JobLog log = new JobLog("job-1", spool, published::add, CLOCK)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.append(new CommandOutput(writer, "w" + writer + " #" + i + "\n"));
                    }
                }));
            }
            for (Thread writer : writers) {
                assertThat(writer.join(Duration.ofSeconds(30))).isTrue();
            }
        }

        List<LogEvent> stored = Files.readAllLines(spool).stream().map(EventJson::decode).toList();
        assertThat(stored).hasSize(threads * perThread);
        assertThat(published).extracting(JobLogEntry::event).containsExactlyElementsOf(stored);
        assertThat(published).extracting(JobLogEntry::offset)
                .isSorted()
                .doesNotHaveDuplicates()
                .hasSize(threads * perThread);
    }

    private static String readSpool(Path spool) {
        try {
            return Files.readString(spool);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void createsTheSpoolReadableByItsOwnerOnly() throws Exception {
        Path spool = folder.resolve("spool");
        try (JobLog log = new JobLog("job-1", spool, published::add, CLOCK)) {
            log.append(new JobStarted(1));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rw-------");
    }

    @Test
    void storesOutputChunksAsCmdOutputEventsAndPublishesThemWithTheirText() throws Exception {
        Path spool = folder.resolve("spool");
        try (JobLog log = new JobLog("job-7", spool, published::add, CLOCK)) {
            log.append(new CommandStarted(1L, "make"));
            long last = log.appendOutput(List.of("one\n".getBytes(StandardCharsets.UTF_8),
                    "zwei ü\n".getBytes(StandardCharsets.UTF_8)));

            assertThat(last).isEqualTo(2);
            assertThat(log.size()).isEqualTo(3);
        }
        long t = NOW.getEpochSecond();
        assertThat(Files.readAllLines(spool)).containsExactly(
                "{\"event\":\"cmd_started\",\"timestamp\":1,\"directive\":\"make\"}",
                "{\"event\":\"cmd_output\",\"timestamp\":" + t + ",\"output\":\"one\\n\"}",
                "{\"event\":\"cmd_output\",\"timestamp\":" + t + ",\"output\":\"zwei ü\\n\"}");
        assertThat(published).extracting(JobLogEntry::event).containsExactly(new CommandStarted(1L, "make"),
                new CommandOutput(t, "one\n"), new CommandOutput(t, "zwei ü\n"));
        assertThat(published).extracting(JobLogEntry::offset).containsExactly(0L, 1L, 2L);
    }

    @Test
    void storesEveryEventButMakesNoEntriesWhileNobodyListens() throws Exception {
        Path spool = folder.resolve("spool");
        LogEntryPublisherWithoutListeners nobody = new LogEntryPublisherWithoutListeners();
        try (JobLog log = new JobLog("job-7", spool, nobody, CLOCK)) {
            log.append(new CommandStarted(1L, "make"));
            log.appendOutput(List.of("out".getBytes(StandardCharsets.UTF_8)));
            log.append(new CommandFinished(2L, "make", 0, 1L, 2L));

            assertThat(log.size()).isEqualTo(3);
        }
        assertThat(Files.readAllLines(spool)).hasSize(3);
        assertThat(nobody.published).isZero();
    }

    @Test
    void writesAHugeRoundOfOutputCompletelyAndInOrder() throws Exception {
        Path spool = folder.resolve("spool");
        List<byte[]> chunks = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        long t = NOW.getEpochSecond();
        for (int i = 0; i < 3000; i++) { // about 3 MB: written in several parts
            byte[] chunk = (i + ":" + "x".repeat(990) + "\n").getBytes(StandardCharsets.UTF_8);
            chunks.add(chunk);
            expected.append(EventJson.encode(new CommandOutput(t, new String(chunk, StandardCharsets.UTF_8)))).append('\n');
        }
        try (JobLog log = new JobLog("job-1", spool, published::add, CLOCK)) {
            assertThat(log.appendOutput(chunks)).isEqualTo(2999);
        }
        assertThat(Files.readString(spool)).isEqualTo(expected.toString());
        assertThat(published).extracting(JobLogEntry::offset).last().isEqualTo(2999L);
    }

    /** A publisher nobody listens to, as the event bus is without log sinks. */
    private static final class LogEntryPublisherWithoutListeners implements dev.outrider.event.LogEntryPublisher {
        int published;

        @Override
        public void publish(JobLogEntry entry) {
            published++;
        }

        @Override
        public boolean listening() {
            return false;
        }
    }
}
