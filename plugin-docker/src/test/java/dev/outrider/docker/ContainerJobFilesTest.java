package dev.outrider.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobFiles;
import dev.outrider.spi.JobFiles.Entry;
import dev.outrider.spi.JobFiles.Kind;
import dev.outrider.spi.StepOutput;
import dev.outrider.testkit.JobRequests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's toolbox reads and writes a Docker job's files in its main container, through the Engine API. */
class ContainerJobFilesTest {

    static {
        TestDocker.sharedTemp();
    }

    private JobExecutor executor;
    private JobFiles files;
    private Path work;

    @BeforeEach
    void startAJobContainer() throws Exception {
        work = Files.createTempDirectory("outrider-files-test-");
        Map<String, String> environment = new HashMap<>(System.getenv());
        executor = new DockerExecutorFactory().create(new ExecutorContext(
                JobRequests.job().id("test-job-files").container("main", TestDocker.IMAGE).buildJob(), environment, work,
                "files-test", Map.of("pull-policy", "never")));
        assertThat(executor.start((directive, body) -> body.run(StepOutput.DISCARD))).isTrue();
        files = executor.files().orElseThrow();
        assertThat(run("mkdir -p /work/tree/b /work/tree/a.d && printf one > /work/tree/b/1.txt && printf twotwo > /work/tree/a.txt"
                + " && printf x > /work/tree/a.d/z && printf y > /work/tree/b.txt && ln -s /work/tree /work/link"
                + " && ln -s a.txt /work/tree/alias.txt")).isZero();
    }

    @AfterEach
    void removeIt() {
        executor.stop();
        executor.close();
        TestDocker.removeAllOf("test-job-files");
    }

    private int run(String script) throws InterruptedException {
        return executor.run(script, StepOutput.DISCARD);
    }

    private String output(String script) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        executor.run(script, new StepOutput() {
            @Override
            public void write(byte[] data, int offset, int length) {
                bytes.write(data, offset, length);
            }

            @Override
            public void message(String text) {
            }
        });
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tellsFilesFromDirectoriesFollowingLinks() throws Exception {
        assertThat(files.kind("/work/tree/a.txt")).contains(Kind.FILE);
        assertThat(files.kind("/work/tree")).contains(Kind.DIRECTORY);
        assertThat(files.kind("/work/link")).contains(Kind.DIRECTORY);
        assertThat(files.kind("/work/tree/alias.txt")).contains(Kind.FILE);
        assertThat(files.kind("/work/missing")).isEmpty();
    }

    @Test
    void listsATreeInGoWalkOrderWithSizes() throws Exception {
        assertThat(files.list("/work/link")).containsExactly(new Entry("a.d/z", 1), new Entry("a.txt", 6), new Entry("alias.txt", 6),
                new Entry("b/1.txt", 3), new Entry("b.txt", 1));
        assertThat(files.list("/work/tree/a.txt")).containsExactly(new Entry("", 6));
        assertThatThrownBy(() -> files.list("/work/missing")).isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void readsAFile() throws Exception {
        try (InputStream in = files.open("/work/tree/b/1.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one");
        }
    }

    @Test
    void writesAFileMakingItsFoldersAsTheJobsUser() throws Exception {
        byte[] content = "pulled\n".getBytes(StandardCharsets.UTF_8);
        files.write("/work/new/deep/file.txt", new ByteArrayInputStream(content), content.length);
        files.write("/work/tree/a.txt", new ByteArrayInputStream(content), content.length);

        assertThat(output("cat /work/new/deep/file.txt /work/tree/a.txt; stat -c '%a %u' /work/new /work/new/deep/file.txt /work; echo $(id -u)"))
                .isEqualTo("pulled\r\npulled\r\n755 0\r\n644 0\r\n755 0\r\n0\r\n");
    }

    @Test
    void writesLargeFilesStreaming() throws Exception {
        long size = 64L * 1024 * 1024;
        InputStream zeros = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        files.write("/work/big.bin", zeros, size);
        assertThat(output("stat -c %s /work/big.bin")).isEqualTo(size + "\r\n");
        assertThat(files.list("/work/big.bin")).isEqualTo(List.of(new Entry("", size)));
    }
}
