package dev.outrider.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static dev.outrider.testkit.JobRequests.jobFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.Job;
import dev.outrider.spi.StepOutput;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostFilesTest {

    private static final byte[] CONTENT = "hello\n".getBytes(UTF_8);

    @TempDir
    Path home;

    private HostFiles files;
    private final CollectingOutput output = new CollectingOutput();

    /** A step output that keeps what it is given. */
    private static final class CollectingOutput implements StepOutput {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void write(byte[] buffer, int offset, int length) {
            bytes.write(buffer, offset, length);
        }

        @Override
        public void message(String text) {
            messages.add(text);
        }
    }

    @BeforeEach
    void createFiles() {
        files = new HostFiles(home);
    }

    private static Set<PosixFilePermission> mode(String symbolic) {
        return PosixFilePermissions.fromString(symbolic);
    }

    // A1
    @Test
    void keepsAnAbsolutePath() {
        assertThat(files.destination("/etc/outrider/a.txt")).isEqualTo("/etc/outrider/a.txt");
        assertThat(files.destination("/tmp/./a/../b")).as("Go returns absolute paths uncleaned")
                .isEqualTo("/tmp/./a/../b");
    }

    // A1
    @Test
    void placesARelativePathInTheHomeFolder() {
        assertThat(files.destination("somefile")).isEqualTo(home + "/somefile");
        assertThat(files.destination(".ssh/semaphore_cache_key")).isEqualTo(home + "/.ssh/semaphore_cache_key");
    }

    // A1
    @Test
    void replacesATildePrefixByTheHomeFolder() {
        assertThat(files.destination("~/dir/somefile")).isEqualTo(home + "/dir/somefile");
    }

    @Test
    void replacesEveryTildeAsSemaphoreDoes() {
        assertThat(files.destination("~/a~b")).isEqualTo(home + "/a" + home + "b");
        assertThat(files.destination("~user/x")).isEqualTo(home + "user/x");
    }

    // Go: filepath.Join(homeDir, path), which cleans the joined path
    @Test
    void cleansARelativePathAsGosFilepathJoinDoes() {
        assertThat(files.destination("./config.json")).isEqualTo(home + "/config.json");
        assertThat(files.destination("a/../b.txt")).isEqualTo(home + "/b.txt");
    }

    @Test
    void keepsATildeThatDoesNotStartThePath() {
        assertThat(files.destination("a~b")).isEqualTo(home + "/a~b");
        assertThat(files.destination("/tmp/~x")).isEqualTo("/tmp/~x");
    }

    // SE4
    @ParameterizedTest
    @CsvSource({
        "0400, r--------",
        "0440, r--r-----",
        "0600, rw-------",
        "0644, rw-r--r--",
        "0777, rwxrwxrwx",
        "600, rw-------",
        "0000, ---------",
        "4755, rwxr-xr-x",
    })
    void givesTheFileExactlyItsMode(String requested, String expected) throws Exception {
        int exitCode = files.write(jobFile("file.txt", CONTENT, requested), output);

        Path written = home.resolve("file.txt");
        assertThat(exitCode).isZero();
        assertThat(output.messages).isEmpty();
        assertThat(Files.readAllBytes(written)).isEqualTo(CONTENT);
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(mode(expected));
    }

    // SE4
    @Test
    void writesFilesAtEveryKindOfPath() throws Exception {
        Path absolute = home.resolve("abs/missing/dir/file.txt");
        List<Job.File> requested = List.of(
                jobFile(home.resolve("absolute.txt").toString(), CONTENT, "0400"),
                jobFile(absolute.toString(), CONTENT, "0440"),
                jobFile("relative.txt", CONTENT, "0600"),
                jobFile("rel/missing/file.txt", CONTENT, "0644"),
                jobFile("~/home-file.txt", CONTENT, "0777"));

        for (Job.File file : requested) {
            assertThat(files.write(file, output)).as(file.path()).isZero();
        }

        assertThat(output.messages).isEmpty();
        assertThat(Files.getPosixFilePermissions(home.resolve("absolute.txt"))).isEqualTo(mode("r--------"));
        assertThat(Files.getPosixFilePermissions(absolute)).isEqualTo(mode("r--r-----"));
        assertThat(Files.getPosixFilePermissions(home.resolve("relative.txt"))).isEqualTo(mode("rw-------"));
        assertThat(Files.getPosixFilePermissions(home.resolve("rel/missing/file.txt"))).isEqualTo(mode("rw-r--r--"));
        assertThat(Files.getPosixFilePermissions(home.resolve("home-file.txt"))).isEqualTo(mode("rwxrwxrwx"));
        for (Path path : List.of(home.resolve("absolute.txt"), absolute, home.resolve("relative.txt"),
                home.resolve("rel/missing/file.txt"), home.resolve("home-file.txt"))) {
            assertThat(Files.readAllBytes(path)).as(path.toString()).isEqualTo(CONTENT);
        }
    }

    @Test
    void createsMissingParentsAccessibleToOwnerAndGroupOnly() throws Exception {
        assertThat(files.write(jobFile("a/b/c.txt", CONTENT, "0644"), output)).isZero();

        for (Path folder : List.of(home.resolve("a"), home.resolve("a/b"))) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            assertThat(permissions).as(folder.toString())
                    .isSubsetOf(mode("rwxr-x---"))
                    .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
        }
    }

    // Go: strconv.ParseUint(mode, 8, 32) takes any number of leading zeros
    @Test
    void acceptsAModeWithManyLeadingZeros() throws Exception {
        int exitCode = files.write(jobFile("zeros.txt", CONTENT, "0000000000000640"), output);

        assertThat(exitCode).isZero();
        assertThat(output.messages).isEmpty();
        assertThat(Files.getPosixFilePermissions(home.resolve("zeros.txt"))).isEqualTo(mode("rw-r-----"));
    }

    @Test
    void replacesTheContentOfAnExistingFile() throws Exception {
        Path existing = Files.writeString(home.resolve("existing.txt"), "a much longer previous content\n");

        assertThat(files.write(jobFile("existing.txt", CONTENT, "0600"), output)).isZero();

        assertThat(Files.readAllBytes(existing)).isEqualTo(CONTENT);
        assertThat(Files.getPosixFilePermissions(existing)).isEqualTo(mode("rw-------"));
    }

    @Test
    void writesEmptyAndBinaryContent() throws Exception {
        byte[] binary = {0, (byte) 0x96, (byte) 0xFF, '\r', '\n'};

        assertThat(files.write(jobFile("empty", new byte[0], "0644"), output)).isZero();
        assertThat(files.write(jobFile("binary", binary, "0644"), output)).isZero();

        assertThat(Files.readAllBytes(home.resolve("empty"))).isEmpty();
        assertThat(Files.readAllBytes(home.resolve("binary"))).isEqualTo(binary);
    }

    // A2, S4
    @ParameterizedTest
    @ValueSource(strings = {"+x", "+r", "+w", "+rw", "obviously broken", "0648", ""})
    void reportsABadModeAndLeavesTheFileAtItsInitialMode(String badMode) throws Exception {
        Path reference = Files.createFile(home.resolve("reference"));

        int exitCode = files.write(jobFile("test.txt", CONTENT, badMode), output);

        Path written = home.resolve("test.txt");
        assertThat(exitCode).isEqualTo(1);
        assertThat(output.messages).containsExactly("bad file permission '" + badMode + "'\n");
        assertThat(Files.readAllBytes(written)).isEqualTo(CONTENT);
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void reportsAParentFolderThatCannotBeCreated() throws Exception {
        Files.writeString(home.resolve("blocker"), "a file, not a folder");
        Path parent = home.resolve("blocker/sub");

        int exitCode = files.write(jobFile("blocker/sub/file.txt", CONTENT, "0644"), output);

        assertThat(exitCode).isEqualTo(1);
        assertThat(output.messages).singleElement().satisfies(message -> {
            assertThat(message).startsWith("Failed to create directory '" + parent + "': ");
            assertThat(message).endsWith("\n");
        });
        assertThat(parent).doesNotExist();
    }

    @Test
    void reportsADestinationThatCannotBeCreated() throws Exception {
        Path folder = Files.createDirectory(home.resolve("taken"));

        int exitCode = files.write(jobFile("taken", CONTENT, "0644"), output);

        assertThat(exitCode).isEqualTo(1);
        assertThat(output.messages).singleElement().satisfies(message -> {
            assertThat(message).startsWith("Failed to create destination path '" + folder + "': ");
            assertThat(message).endsWith("\n");
        });
        assertThat(folder).isDirectory();
    }

    @Test
    void writesNoTerminalOutput() {
        files.write(jobFile("quiet.txt", CONTENT, "0644"), output);
        files.write(jobFile("loud.txt", CONTENT, "+x"), output);

        assertThat(output.bytes.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "/tmp/x\u0000y", "~/k\u0000"})
    void reportsAPathWithANulCharacterAsAFailedStepNamingIt(String path) {
        String shown = files.destination(path);

        int exitCode = files.write(jobFile(path, CONTENT, "0644"), output);

        assertThat(exitCode).isEqualTo(1);
        assertThat(shown).contains("\u0000");
        assertThat(output.messages).singleElement().asString().startsWith("Failed to create destination path '")
                .contains("\\0").contains("not a valid path");
    }
}
